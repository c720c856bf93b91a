"""Stage 2, inputs checked at the door: a council's own yearly history (``history``), the DfE/ONS
public data for the 153 councils (``public``), child-level files and the synthetic generator
(``childdata``), and the enablers list.
"""

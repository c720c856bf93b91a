"""Stage 4, evidence from child-level data: the measures behind each chapter (``measures``, one
module per chapter), exit hazards by years in care (``durations``) and statistical disclosure
control (``sdc``).  Nothing leaves this stage without disclosure control.
"""

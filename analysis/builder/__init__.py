"""Stage 10, one build end to end: params -> pipeline -> chapters -> render, in a staging folder
moved into place only when everything succeeded.
"""

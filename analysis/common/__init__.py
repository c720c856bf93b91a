"""Stage 0, shared by every stage: errors a user can act on, number formatting, where files are
(package data, the project folder) and checksums.  Imports nothing else of the package.
"""

"""Stage 7, chapter execution: papermill on warm kernels, one chapter notebook at a time."""

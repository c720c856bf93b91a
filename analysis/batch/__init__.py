"""Stage 11, many councils: builds in local processes or on a Dask cluster, a summary CSV and an
index page.
"""

"""The model itself, on the Python standard library alone: this folder is what runs in the reader's
browser (Pyodide) on the static site, and what every other way in calls.

Everything outside ``advisor/core`` is presentation over it and may use numpy, pandas, Altair or
ipywidgets: vectorised draws and tables (``advisor.uncertainty``, ``advisor.series``), charts and
calculators. A formula is written once, here; numbers may be floats or, when a caller passes them,
numpy arrays (``numbers`` imports numpy only then).
"""

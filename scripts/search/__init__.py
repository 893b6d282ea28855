"""The handbook's own search: the index built from the content model (`index.py`) after the
site is written, read in the browser by overrides/assets/search/worker.js under one
contract (format, weights, thresholds) written into each language's manifest; Telex/VNI
reading of queries typed with the input method off (`telex.py`, ported to the worker).
"""

"""The benchmark: a synthetic news corpus and the script that times the pipeline on it."""

"""The model's version, written into every ``summary.json`` and ``compare.json``."""

MODEL_VERSION = "0.1.0"

"""pandian's fine-tuning module: any text-classification task on a BERT-family encoder, CPU or GPU.

`train` fits and registers a model, `TextClassifier` serves the promoted one; the registry in the workspace
keeps every run and promotes only a model that does not regress on the dev set.
"""

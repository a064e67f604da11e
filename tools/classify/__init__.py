"""Column semantic-type classification: synthetic training data and (later) the classifier itself."""

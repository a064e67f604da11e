"""A random forest kept as plain arrays: fitted with scikit-learn, stored as .npz, predicted with numpy.

Model files are never pickled (a pickle runs code when loaded, and breaks across library versions), so the
fitted trees are flattened into node arrays; prediction walks all trees at once, one depth level per step.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np


class Forest:
    def __init__(self, left: np.ndarray, right: np.ndarray, feature: np.ndarray, threshold: np.ndarray,
                 leaf: np.ndarray, leaf_values: np.ndarray, roots: np.ndarray, classes: list[str]):
        self.left, self.right, self.feature, self.threshold = left, right, feature, threshold
        self.leaf, self.leaf_values, self.roots, self.classes = leaf, leaf_values, roots, classes

    @classmethod
    def fit(cls, x: np.ndarray, y: list[str], classes: list[str], n_trees: int = 150, seed: int = 42,
            min_leaf: int = 1, jobs: int | None = None) -> "Forest":
        """classes: the output order (a class absent from y gets probability 0)."""
        from sklearn.ensemble import RandomForestClassifier

        rf = RandomForestClassifier(n_estimators=n_trees, min_samples_leaf=min_leaf, class_weight="balanced",
                                    random_state=seed, n_jobs=jobs).fit(x.astype(np.float32), y)
        col = [classes.index(c) for c in rf.classes_]
        lefts, rights, feats, thrs, leaves, values, roots = [], [], [], [], [], [], []
        offset, n_leaves = 0, 0
        for est in rf.estimators_:
            t = est.tree_
            is_leaf = t.children_left < 0
            lefts.append(np.where(is_leaf, -1, t.children_left + offset))
            rights.append(np.where(is_leaf, -1, t.children_right + offset))
            feats.append(np.where(is_leaf, -1, t.feature))
            thrs.append(t.threshold)
            ids = np.full(t.node_count, -1)
            ids[is_leaf] = np.arange(is_leaf.sum()) + n_leaves
            leaves.append(ids)
            v = t.value[is_leaf, 0, :]
            v = v / np.maximum(v.sum(axis=1, keepdims=True), 1e-12)
            full = np.zeros((len(v), len(classes)))
            full[:, col] = v
            values.append(full)
            roots.append(offset)
            offset += t.node_count
            n_leaves += int(is_leaf.sum())
        return cls(np.concatenate(lefts).astype(np.int32), np.concatenate(rights).astype(np.int32),
                   np.concatenate(feats).astype(np.int16), np.concatenate(thrs).astype(np.float64),
                   np.concatenate(leaves).astype(np.int32), np.concatenate(values).astype(np.float16),
                   np.asarray(roots, dtype=np.int32), list(classes))

    def predict_proba(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x, dtype=np.float32)
        m = len(x)
        if m == 0:
            return np.zeros((0, len(self.classes)))
        nodes = np.tile(self.roots, (m, 1))
        rows = np.arange(m)[:, None]
        while True:
            feat = self.feature[nodes]
            inner = feat >= 0
            if not inner.any():
                break
            value = x[rows, np.where(inner, feat, 0)]
            nxt = np.where(value <= self.threshold[nodes], self.left[nodes], self.right[nodes])
            nodes = np.where(inner, nxt, nodes)
        return self.leaf_values[self.leaf[nodes]].astype(np.float64).mean(axis=1)

    def save(self, file: Path) -> None:
        np.savez_compressed(file, left=self.left, right=self.right, feature=self.feature, threshold=self.threshold,
                            leaf=self.leaf, leaf_values=self.leaf_values, roots=self.roots,
                            classes=np.asarray(self.classes, dtype=str))

    @classmethod
    def load(cls, file: Path) -> "Forest":
        with np.load(file, allow_pickle=False) as d:
            return cls(d["left"], d["right"], d["feature"], d["threshold"], d["leaf"], d["leaf_values"], d["roots"],
                       [str(c) for c in d["classes"]])

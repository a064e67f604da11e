"""The persistent Chroma store in the workspace: a derived index, never the source of truth.

Why so careful: the catalog can always rebuild it, so an unreadable store (garbage in its sqlite file, a
half-written folder, another embedding function) is wiped and rebuilt rather than shown as an error; the
caller tells the user. Chroma is always given pandian's own embedding function and never phones home.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from knowledge.embedding import MiniLMEmbedding, shared_embedder

COLLECTION = "pandian_dictionary"
GET_PAGE = 5000
ADD_BATCH = 1000


def _settings():
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=True)


def _forget_clients() -> None:
    """Chroma caches one system per path; a wiped folder must not be served from that cache."""
    try:
        from chromadb.api.client import SharedSystemClient

        SharedSystemClient.clear_system_cache()
    except Exception:  # noqa: BLE001 - older/newer chromadb without the cache: nothing to clear
        pass


class KnowledgeStore:
    """One Chroma collection of dictionary documents (one per table, one per column)."""

    def __init__(self, path: Path, embedder: MiniLMEmbedding | None = None):
        self.path = Path(path)
        self.embedder = embedder or shared_embedder()
        self.recovered: str | None = None  # why the store had to be rebuilt, when it had to
        self.reported = False  # the user has been told about the rebuild
        self._client = None
        self._col = None
        self._sig_cache: tuple[tuple, dict[str, str]] | None = None
        self.open()

    # -- lifecycle ------------------------------------------------------------------------------------------
    def _connect(self) -> None:
        import chromadb

        self.path.mkdir(parents=True, exist_ok=True)
        self._client = chromadb.PersistentClient(path=str(self.path), settings=_settings())
        self._col = self._client.get_or_create_collection(
            COLLECTION, embedding_function=self.embedder, metadata={"hnsw:space": "cosine"})
        self._col.count()
        self._col.get(limit=1, include=["metadatas"])  # reads a row: a damaged store fails here, not later

    def open(self) -> None:
        try:
            self._connect()
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:  # noqa: BLE001 - Rust panics in chromadb are BaseExceptions
            self.recover(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")

    def recover(self, why: str) -> None:
        """Wipe the folder and start empty; the caller rebuilds from the catalog."""
        self.recovered = why
        self.reported = False
        self.close()
        _forget_clients()
        shutil.rmtree(self.path, ignore_errors=True)
        self._connect()

    def close(self) -> None:
        self._col = None
        self._client = None
        self._sig_cache = None

    @property
    def col(self):
        if self._col is None:
            self._connect()
        return self._col

    # -- reads ----------------------------------------------------------------------------------------------
    def count(self) -> int:
        return self.col.count()

    def entries(self, where: dict[str, Any] | None = None) -> tuple[list[str], list[dict[str, Any]]]:
        """All ids and metadatas (paged; the keyword index and the sync read them)."""
        ids: list[str] = []
        metas: list[dict[str, Any]] = []
        offset = 0
        while True:
            got = self.col.get(where=where, include=["metadatas"], limit=GET_PAGE, offset=offset)
            ids += got["ids"]
            metas += [m or {} for m in got["metadatas"]]
            if len(got["ids"]) < GET_PAGE:
                break
            offset += GET_PAGE
        return ids, metas

    def stamp(self) -> tuple:
        """Changes whenever the store is written (by this or another process): count and sqlite file stats."""
        files = sorted(self.path.glob("chroma.sqlite3*"))
        return (self.count(),) + tuple((f.name, f.stat().st_mtime_ns, f.stat().st_size) for f in files)

    def table_signatures(self) -> dict[str, str]:
        """Table -> signature of its indexed documents (cached until the store changes)."""
        stamp = self.stamp()
        if self._sig_cache is not None and self._sig_cache[0] == stamp:
            return self._sig_cache[1]
        ids, metas = self.entries(where={"kind": "table"})
        sigs = {m.get("table", ""): m.get("signature", "") for m in metas}
        self._sig_cache = (stamp, sigs)
        return sigs

    def query(self, text: str, n: int) -> list[tuple[str, float, dict[str, Any]]]:
        """Nearest documents to text by cosine distance: (id, similarity, metadata)."""
        total = self.count()
        if total == 0:
            return []
        emb = self.embedder.encode([text])
        res = self.col.query(query_embeddings=[emb[0].tolist()], n_results=min(n, total),
                             include=["metadatas", "distances"])
        return [(i, 1.0 - float(d), m or {})
                for i, d, m in zip(res["ids"][0], res["distances"][0], res["metadatas"][0])]

    # -- writes ---------------------------------------------------------------------------------------------
    def upsert(self, ids: list[str], documents: list[str], metadatas: list[dict[str, Any]]) -> None:
        if not ids:
            return
        vecs = self.embedder.encode(documents)
        for s in range(0, len(ids), ADD_BATCH):
            self.col.upsert(ids=ids[s:s + ADD_BATCH], documents=documents[s:s + ADD_BATCH],
                            metadatas=metadatas[s:s + ADD_BATCH], embeddings=vecs[s:s + ADD_BATCH])

    def delete_tables(self, tables: list[str]) -> None:
        for t in tables:
            self.col.delete(where={"table": t})

    def reset(self) -> None:
        """Drop every document (reindex starts from nothing)."""
        try:
            self._client.delete_collection(COLLECTION)
        except Exception:  # noqa: BLE001 - already gone
            pass
        self._col = self._client.get_or_create_collection(
            COLLECTION, embedding_function=self.embedder, metadata={"hnsw:space": "cosine"})

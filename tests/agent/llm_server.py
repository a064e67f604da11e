"""A scripted OpenAI-compatible chat server on 127.0.0.1: real HTTP for the real langchain-openai client.

Each request is answered by the script (a function of the request body); every body is kept so tests can
check what was sent (e.g. that no L4 value ever reached the prompt).
"""
from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def tool_call(name: str, args: dict[str, Any] | str, call_id: str = "call_1") -> dict[str, Any]:
    arguments = args if isinstance(args, str) else json.dumps(args)
    return {"role": "assistant", "content": None,
            "tool_calls": [{"id": call_id, "type": "function", "function": {"name": name, "arguments": arguments}}]}


def text(content: str) -> dict[str, Any]:
    return {"role": "assistant", "content": content}


class ScriptedLLM:
    def __init__(self, script: Callable[[dict[str, Any], int], dict[str, Any] | str]):
        self.script = script
        self.requests: list[dict[str, Any]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
                outer.requests.append(body)
                reply = outer.script(body, len(outer.requests) - 1)
                if isinstance(reply, str) and reply.startswith("sleep:"):
                    time.sleep(float(reply.split(":")[1]))
                    reply = text("too late")
                if isinstance(reply, str):  # raw junk
                    data = reply.encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if body.get("stream"):
                    self._stream(body, reply)
                    return
                finish = "tool_calls" if reply.get("tool_calls") else "stop"
                data = json.dumps({"id": "cmpl-1", "object": "chat.completion", "created": int(time.time()),
                                   "model": body.get("model"), "choices": [{"index": 0, "message": reply,
                                                                            "finish_reason": finish}],
                                   "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _stream(self, body: dict[str, Any], reply: dict[str, Any]) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()

                def send(delta: dict[str, Any], finish: str | None = None) -> None:
                    chunk = {"id": "cmpl-1", "object": "chat.completion.chunk", "created": int(time.time()),
                             "model": body.get("model"), "choices": [{"index": 0, "delta": delta,
                                                                      "finish_reason": finish}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()

                if reply.get("tool_calls"):
                    for i, c in enumerate(reply["tool_calls"]):
                        send({"role": "assistant", "tool_calls": [{"index": i, "id": c["id"], "type": "function",
                                                                   "function": {"name": c["function"]["name"],
                                                                                "arguments": ""}}]})
                        args = c["function"]["arguments"]
                        for k in range(0, len(args), 5):
                            send({"tool_calls": [{"index": i, "function": {"arguments": args[k:k + 5]}}]})
                    send({}, "tool_calls")
                else:
                    words = (reply.get("content") or "").split(" ")
                    send({"role": "assistant", "content": ""})
                    for w in words:
                        send({"content": w + " "})
                    send({}, "stop")
                self.wfile.write(b"data: [DONE]\n\n")
                self.wfile.flush()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> "ScriptedLLM":
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def prompt_text(self) -> str:
        return json.dumps(self.requests, ensure_ascii=False)

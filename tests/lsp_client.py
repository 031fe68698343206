"""A minimal Language Server Protocol client over stdio, for the YAML language server test."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parent.parent
SERVER = PROJECT / ".tools" / "node_modules" / ".bin" / "yaml-language-server"


class Client:
    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.process = subprocess.Popen(
            [str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        try:
            self._read_messages()
        except (OSError, ValueError):  # the server was stopped: its output is closed
            return

    def _read_messages(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while (line := stream.readline()) not in (b"\r\n", b""):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            if line == b"":
                return
            message = json.loads(stream.read(length))
            if message.get("method") == "workspace/configuration":
                sections = [item.get("section") for item in message["params"]["items"]]
                self.send({"id": message["id"], "result": [self._section(s) for s in sections]})
            elif "id" in message and "method" in message:
                self.send({"id": message["id"], "result": None})
            else:
                self.messages.put(message)

    def _section(self, name: str | None) -> Any:
        if not name:
            return self.settings
        found: Any = self.settings
        for part in name.split("."):
            found = found.get(part) if isinstance(found, dict) else None
        return found

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        stdin = self.process.stdin
        assert stdin is not None
        stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        stdin.flush()

    def request(self, method: str, params: dict[str, Any]) -> None:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})

    def notify(self, method: str, params: dict[str, Any]) -> None:
        self.send({"method": method, "params": params})

    def diagnostics(self, uri: str, timeout: float = 60) -> list[dict[str, Any]]:
        """The first non-empty diagnostics published for ``uri``."""
        import time

        end = time.monotonic() + timeout
        while (left := end - time.monotonic()) > 0:
            try:
                message = self.messages.get(timeout=left)
            except queue.Empty:
                break
            params = message.get("params") or {}
            if (
                message.get("method") == "textDocument/publishDiagnostics"
                and params.get("uri") == uri
                and params.get("diagnostics")
            ):
                return list(params["diagnostics"])
        return []

    def close(self) -> None:
        self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()

"""Capped decoders: undo a response's Content-Encoding a bounded piece at a time."""

import zlib
from collections.abc import Callable, Iterator

import brotli
import httpx

from .errors import FetchError

# Decoders yield their output in pieces of about this size, so a compression bomb is stopped
# at the cap plus one piece: httpx's own decoders expand a whole network chunk at once, and
# 64 KiB of brotli can hold gigabytes.
DECODE_STEP = 64 * 1024
GZIP_MAGIC = b"\x1f\x8b"


class _Identity:
    def decode(self, data: bytes) -> Iterator[bytes]:
        yield data

    def finished(self) -> bool:
        return True


class _Zlib:
    """gzip, or zlib-wrapped deflate."""

    def __init__(self, wbits: int) -> None:
        self._wbits = wbits
        self._inflater = zlib.decompressobj(wbits)
        self._pending = b""
        self._trailer = False

    def decode(self, data: bytes) -> Iterator[bytes]:
        data, self._pending = self._pending + data, b""
        while data and not self._trailer:
            if self._inflater.eof:
                # Concatenated gzip members are one body (RFC 1952); other trailing bytes,
                # which some servers send, are ignored as browsers do.
                if len(data) < len(GZIP_MAGIC):
                    self._pending = data
                    return
                self._trailer = not data.startswith(GZIP_MAGIC)
                if self._trailer:
                    return
                self._inflater = zlib.decompressobj(self._wbits)
            yield self._inflater.decompress(data, DECODE_STEP)
            data = self._inflater.unconsumed_tail or self._inflater.unused_data

    def finished(self) -> bool:
        return self._inflater.eof or self._trailer


class _Brotli:
    def __init__(self) -> None:
        self._decompressor = brotli.Decompressor()

    def decode(self, data: bytes) -> Iterator[bytes]:
        piece = self._decompressor.process(data, output_buffer_limit=DECODE_STEP)
        # Output held back by the limit comes out with empty input, a piece at a time.
        while piece:
            yield piece
            piece = self._decompressor.process(b"", output_buffer_limit=DECODE_STEP)

    def finished(self) -> bool:
        return self._decompressor.is_finished()


def decoder(response: httpx.Response) -> _Identity | _Zlib | _Brotli:
    """Return an incremental decoder for the response's Content-Encoding."""
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    decoders: dict[str, Callable[[], _Identity | _Zlib | _Brotli]] = {
        "identity": _Identity,
        "gzip": lambda: _Zlib(16 + zlib.MAX_WBITS),
        "x-gzip": lambda: _Zlib(16 + zlib.MAX_WBITS),
        "deflate": lambda: _Zlib(zlib.MAX_WBITS),
        "br": _Brotli,
    }
    if encoding not in decoders:
        raise FetchError(
            f"Unsupported Content-Encoding {encoding!r} from {response.url}.", permanent=True
        )
    return decoders[encoding]()

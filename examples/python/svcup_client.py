"""Shared by the Python examples: stubs generated from proto/ and bearer tokens.

Run the examples with /usr/bin/python3: Debian's grpcio and grpcio-tools import only there.
"""
import base64
import hashlib
import hmac
import os
import sys
import tempfile
import time

from grpc_tools import protoc

HERE = os.path.dirname(os.path.abspath(__file__))
PROTO_ROOT = os.path.join(HERE, "..", "..", "proto")


def generate_stubs(*protos: str) -> None:
    """Compiles the named proto/svcup/v1/*.proto files into a temporary folder and imports it."""
    out = tempfile.mkdtemp(prefix="svcup-py-")
    well_known = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    files = [os.path.join("svcup", "v1", f) for f in protos]
    status = protoc.main(["protoc", f"-I{PROTO_ROOT}", f"-I{well_known}",
                          f"--python_out={out}", f"--grpc_python_out={out}", *files])
    if status != 0:
        sys.exit(f"protoc failed with status {status}")
    sys.path.insert(0, out)


def mint(key: bytes, org: str, role: str, subject: str, ttl_seconds: int = 3600) -> str:
    """A bearer token: v1.<b64url(claims)>.<b64url(HMAC-SHA256(key, 'v1.<b64url(claims)>'))>."""
    def b64(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    now = int(time.time())
    claims = f"org={org};role={role};sub={subject};iat={now};exp={now + ttl_seconds}"
    signed = "v1." + b64(claims.encode())
    return signed + "." + b64(hmac.new(key, signed.encode(), hashlib.sha256).digest())


def read_key(path: str) -> bytes:
    """The shared token key (the services' token.key)."""
    with open(path, "rb") as f:
        return f.read().rstrip()


def auth(token: str):
    """Call metadata carrying a bearer token."""
    return [("authorization", "Bearer " + token)]

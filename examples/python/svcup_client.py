"""Shared by the Python examples: stubs generated from proto/ and bearer tokens (EdDSA JWTs,
signed here with python3-cryptography, as any identity provider could sign them).

Run the examples with /usr/bin/python3: Debian's grpcio and grpcio-tools import only there.
"""
import base64
import hashlib
import json
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


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def read_key(path: str):
    """The token issuer's Ed25519 private key (PEM, as `svcup token keygen` writes it)."""
    from cryptography.hazmat.primitives import serialization
    with open(path, "rb") as f:
        return serialization.load_pem_private_key(f.read(), password=None)


def key_id(key) -> str:
    """The key's RFC 7638 thumbprint: the kid the services' key set lists it under."""
    from cryptography.hazmat.primitives import serialization
    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    jwk = '{"crv":"Ed25519","kty":"OKP","x":"%s"}' % _b64(raw)
    return _b64(hashlib.sha256(jwk.encode()).digest())


def mint(key, org: str, role: str, subject: str, ttl_seconds: int = 3600) -> str:
    """A bearer token: a JWT (RFC 7519) signed with EdDSA (RFC 8037) by `key`."""
    now = int(time.time())
    header = {"alg": "EdDSA", "typ": "JWT", "kid": key_id(key)}
    claims = {"iss": "python-example", "sub": subject, "aud": "svcup", "iat": now, "nbf": now,
              "exp": now + ttl_seconds, "org": org, "role": role}
    signing_input = (_b64(json.dumps(header).encode()) + "." +
                     _b64(json.dumps(claims).encode()))
    return signing_input + "." + _b64(key.sign(signing_input.encode()))


def auth(token: str):
    """Call metadata carrying a bearer token."""
    return [("authorization", "Bearer " + token)]

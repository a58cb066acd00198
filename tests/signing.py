"""Certificates and servers for the tests of electronic signatures: a certificate authority of the
tests, and two local HTTP servers that speak the real protocols (RFC 3161 timestamps; the BSrE TTE
v2 signing API as its client's published request and response formats describe it)."""

from __future__ import annotations

import base64
import contextlib
import http.server
import io
import json
import threading

from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12

from org import demo_pki

PASSPHRASE = "rahasia-sertifikat-1"
BSRE_USER, BSRE_PASSWORD = "esop-client", "client-secret"
BSRE_NIK, BSRE_PASSPHRASE = "3201010101900001", "passphrase-tte"


def pyhanko_pair(data: bytes, passphrase: str):
    """(asn1crypto certificate, asn1crypto private key info) of a PKCS#12 file."""
    from pyhanko.sign.signers.pdf_cms import SimpleSigner

    signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=passphrase.encode())
    return signer.signing_cert, signer.signing_key


@contextlib.contextmanager
def serving(handler_class):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def timestamp_server(authority: demo_pki.Authority):
    """An RFC 3161 timestamp server over HTTP, signing with a timestamping certificate of ``authority``."""
    from pyhanko.sign.timestamps import DummyTimeStamper

    certificate, key = pyhanko_pair(
        demo_pki.make_certificate(authority, "TSA Pengujian", "Pengujian", passphrase=PASSPHRASE, timestamping=True),
        PASSPHRASE,
    )
    stamper = DummyTimeStamper(tsa_cert=certificate, tsa_key=key)

    class Handler(http.server.BaseHTTPRequestHandler):
        requests = []

        def do_POST(self):
            from asn1crypto import tsp

            body = self.rfile.read(int(self.headers["Content-Length"]))
            Handler.requests.append(self.headers.get("Content-Type"))
            response = stamper.request_tsa_response(tsp.TimeStampReq.load(body))
            data = response.dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    return serving(Handler), Handler


def bsre_server(authority: demo_pki.Authority):
    """The signing service of the tests: ``POST /api/v2/sign/pdf`` with basic authentication and a JSON
    body (nik, passphrase, signatureProperties[], file[] in base64) answers ``{"file": [signed]}``; a
    wrong passphrase answers 400 with ``{"status_code": 2031, "error": ...}`` as the service does. It
    signs with a certificate of ``authority`` in the box it was asked for."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    data = demo_pki.make_certificate(authority, "Pengesah Lewat TTE", "Badan Pengujian", passphrase=PASSPHRASE)
    signer = signers.SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=PASSPHRASE.encode())

    class Handler(http.server.BaseHTTPRequestHandler):
        bodies = []

        def _answer(self, status: int, payload: dict):
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self):
            expected = "Basic " + base64.b64encode(f"{BSRE_USER}:{BSRE_PASSWORD}".encode()).decode()
            if self.path != "/api/v2/sign/pdf":
                return self._answer(404, {"status": 404, "error": "Not Found"})
            if self.headers.get("Authorization") != expected:
                return self._answer(401, {"status": 401, "error": "Unauthorized"})
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            Handler.bodies.append(request)
            if request.get("nik") != BSRE_NIK:
                return self._answer(400, {"status_code": 1111, "error": "NIK tidak terdaftar"})
            if request.get("passphrase") != BSRE_PASSPHRASE:
                return self._answer(400, {"status_code": 2031, "error": "Passphrase anda salah"})
            props = request["signatureProperties"][0]
            x, y = props["originX"], props["originY"]
            box = (int(x), int(y), int(x + props["width"]), int(y + props["height"]))
            writer = IncrementalPdfFileWriter(io.BytesIO(base64.b64decode(request["file"][0])))
            fields.append_signature_field(
                writer, sig_field_spec=fields.SigFieldSpec("TTE", on_page=props["page"] - 1, box=box)
            )
            out = signers.sign_pdf(
                writer,
                signers.PdfSignatureMetadata(field_name="TTE", reason=props.get("reason")),
                signer=signer,
            )
            return self._answer(200, {"file": [base64.b64encode(out.getvalue()).decode()]})

        def log_message(self, *args):
            pass

    return serving(Handler), Handler


def p12_without_key(authority: demo_pki.Authority) -> bytes:
    """A PKCS#12 file holding only a certificate (no private key): not one a signer can use."""
    return pkcs12.serialize_key_and_certificates(
        b"ca", None, authority.certificate, None, BestAvailableEncryption(PASSPHRASE.encode())
    )

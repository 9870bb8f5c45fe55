"""A real FTP server for the deploy tests: pyftpdlib on 127.0.0.1, one user, its own root
folder, TLS on the control and data connections when a certificate is given (a test
certificate authority is made for it), and every command logged to a file.

    python3 ftpd.py ROOT PORT LOG USER PASSWORD [TLS_DIR]

The user `reader`, with the same password, may list and read but not write.
With TLS_DIR, writes TLS_DIR/ca.pem (to trust) and TLS_DIR/server.pem (the server's
certificate and key for 127.0.0.1), then requires TLS. Prints «ready» when it listens.
"""

import datetime
import logging
import os
import sys

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler, TLS_FTPHandler
from pyftpdlib.servers import FTPServer


def make_certificates(folder):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    now = datetime.datetime.now(datetime.timezone.utc)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "uslugi test hosting CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    with open(os.path.join(folder, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(pem))
    server = os.path.join(folder, "server.pem")
    with open(server, "wb") as f:
        f.write(cert.public_bytes(pem))
        f.write(
            key.private_bytes(
                pem,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
    return server


def main():
    root, port, log, user, password = sys.argv[1:6]
    tls_dir = sys.argv[6] if len(sys.argv) > 6 else None
    logging.basicConfig(filename=log, level=logging.INFO, format="%(message)s")
    authorizer = DummyAuthorizer()
    authorizer.add_user(user, password, root, perm="elradfmwMT")
    # A second user who may only look: every upload is refused with 550.
    authorizer.add_user("reader", password, root, perm="elr")
    if tls_dir:
        handler = TLS_FTPHandler
        handler.certfile = make_certificates(tls_dir)
        handler.tls_control_required = True
        handler.tls_data_required = True
    else:
        handler = FTPHandler
    handler.authorizer = authorizer
    handler.passive_ports = range(int(port) + 1, int(port) + 40)
    server = FTPServer(("127.0.0.1", int(port)), handler)
    print("ready", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

"""Health checks."""
import http.client


def status(host):
    conn = http.client.HTTPSConnection(host, timeout=10)  # want: PY102
    conn.request("GET", "/healthz")
    code = conn.getresponse().status
    conn.close()
    return code

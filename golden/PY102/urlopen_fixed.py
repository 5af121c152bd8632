from urllib.request import urlopen


def fetch(url):
    resp = urlopen(url, timeout=30)  # want: PY102
    body = resp.read()
    return body.decode()

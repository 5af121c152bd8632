import requests


def download(urls):
    session = requests.Session()  # want: PY102
    session.headers["User-Agent"] = "fetcher"
    pages = []
    for url in urls:
        pages.append(session.get(url).text)
    return pages

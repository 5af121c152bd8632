import tempfile


def make_producer(factory):
    # supervisor's test_http.py: the producer reads the file by its name later;
    # closing the NamedTemporaryFile would delete it
    f = tempfile.NamedTemporaryFile()
    f.write(b"a" * 80)
    f.flush()
    producer = factory(f.name)
    return producer.more()

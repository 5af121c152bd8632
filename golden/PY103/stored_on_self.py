import multiprocessing


class Service:
    def start(self):
        pool = multiprocessing.Pool(2)
        self.pool = pool

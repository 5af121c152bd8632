import subprocess


class Server:
    def start(self, cmd):
        proc = subprocess.Popen(cmd)
        self.proc = proc

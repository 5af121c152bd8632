# golden-args: --unsafe-fixes
import functools
import platform


class Info:
	@functools.cache  # want: PY302
	def machine(self):
		return platform.machine()

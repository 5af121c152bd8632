import json


def load(path):
	# the settings file
	f = open(path)  # want: PY101
	# parse it
	settings = json.load(f)

	if not settings:  # empty
		settings = {}
	print(f.name)
	return settings

"""The repository's root conftest: ssc's own pytest plugin in a checkout without an install.

An installed ssc registers the plugin (which collects the golden cases of
examples/) through its ``pytest11`` entry point; a checkout run with
``python -m pytest`` and no install of ssc loads it from here instead.
"""

from importlib.metadata import entry_points

if not any(entry.name == "ssc" for entry in entry_points(group="pytest11")):
    pytest_plugins = ["ssc.pytest_plugin"]

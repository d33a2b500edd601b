"""``python -m voicecast``: the same as the ``voicecast`` command."""

from .cli.main import main

main()

"""``python -m voicecast``: the same as the ``voicecast`` command."""

from .cli import main

main()

"""From a parsed script to the work to do: voices.yaml (speaker to voice), the render plan (one segment per sentence, each with its cache key) and `check`."""

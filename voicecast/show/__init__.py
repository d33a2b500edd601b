"""The show: publishing episodes into a show folder, the podcast feed, the pages and the local server a phone subscribes to."""

"""The reading front end: Mandarin readings (pinyin: g2pM, word tables, rules), number and date normalization, English words and phonemes (g2p) for the offline engine."""

"""Arabic text utilities: normalization, clitics, tokens with offsets."""

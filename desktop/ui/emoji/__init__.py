"""Colour emoji: the bundled font, the emoji data, the picker and `:shortcode:` completion."""

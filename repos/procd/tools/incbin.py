#!/usr/bin/env python3
"""incbin.py TEMPLATE INPUT OUTPUT - write OUTPUT from TEMPLATE with @PATH@ replaced
by INPUT's absolute path (an assembler file that .incbin's a program procd built),
and the input's size and a hash of its bytes in a comment, so the generated file
changes, and the object that includes it is rebuilt, whenever the program does."""
import hashlib
import os
import sys


def main() -> int:
    template, source, output = sys.argv[1:4]
    path = os.path.abspath(source)
    with open(source, "rb") as f:
        data = f.read()
    with open(template, encoding="utf-8") as f:
        text = f.read().replace("@PATH@", path.replace("\\", "\\\\").replace('"', '\\"'))
    text += f"/* {len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()} */\n"
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())

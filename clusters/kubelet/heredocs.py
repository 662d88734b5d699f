"""Here-documents in the pods' shells: ``cat <<EOF > /mnt/data/nginx.conf``, its lines, ``EOF``.

A shell reads a here-document's body from the lines after the command that opens it, up to the
line that is its delimiter alone (POSIX XCU 2.7.4; ash's and dash's parser.c readtoken1 and
checkend, bash's here-document reader). The pods' shell splits a script into words with
``shlex``, which knows nothing of lines, so the bodies are taken out first: each ``<<WORD``
becomes one word that carries its body (hex-encoded, so the word splitter leaves it whole),
and the command it belongs to reads that body as its stdin (shell.py ``_run_words``).

``pending`` says which delimiters a text still waits for: an interactive shell reads on at its
PS2 (``> ``) until they have all come.
"""
from __future__ import annotations

MARK = "\x03"  # starts a word that is a here-document: MARK + hex(body) [+ MARK when not expanded]
_ENDS = " \t;&|<>()"


def _operators(line: str) -> list[tuple[int, int, str, bool, bool]]:
    """The ``<<WORD`` (``<<-WORD``) operators of a command line outside quotes:
    (start, end, delimiter, whether its body is expanded, whether leading tabs are stripped)."""
    found = []
    i, n, quote = 0, len(line), ""
    while i < n:
        c = line[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"':
                i += 1
            i += 1
            continue
        if c == "\\":
            i += 2
            continue
        if c in "'\"":
            quote = c
            i += 1
            continue
        if c == "#" and (i == 0 or line[i - 1] in " \t;&|"):
            break  # a comment runs to the end of the line
        if line.startswith("<<", i) and not line.startswith("<<<", i):
            start = i
            i += 2
            strip = line.startswith("-", i)
            i += strip
            while i < n and line[i] in " \t":
                i += 1
            word, quoted = [], False
            while i < n and line[i] not in _ENDS:
                if line[i] in "'\"":
                    q = line[i]
                    end = line.find(q, i + 1)
                    end = n if end < 0 else end
                    word.append(line[i + 1:end])
                    quoted, i = True, end + 1
                elif line[i] == "\\":
                    word.append(line[i + 1:i + 2])
                    quoted, i = True, i + 2
                else:
                    word.append(line[i])
                    i += 1
            if word:
                found.append((start, i, "".join(word), not quoted, strip))
            continue
        i += 1
    return found


def take(script: str) -> tuple[str, list[str]]:
    """``script`` with each here-document's operator replaced by the word that carries its body and
    the body's lines taken out, and the delimiters still waited for at its end (their bodies run
    to the end of the script, as a shell's do at end of input)."""
    lines = script.split("\n")
    out: list[str] = []
    i = 0
    waiting: list[str] = []
    while i < len(lines):
        line = lines[i]
        i += 1
        ops = _operators(line)
        if not ops:
            out.append(line)
            continue
        words = []
        for _, _, delim, expand, strip in ops:
            body: list[str] = []
            closed = False
            while i < len(lines):
                text = lines[i].lstrip("\t") if strip else lines[i]
                i += 1
                if text == delim:
                    closed = True
                    break
                body.append(text)
            if not closed:
                waiting.append(delim)
            text = "".join(b + "\n" for b in body)
            words.append(MARK + text.encode().hex() + ("" if expand else MARK))
        for (start, end, *_), word in reversed(list(zip(ops, words))):
            line = line[:start] + " " + word + " " + line[end:]
        out.append(line)
    return "\n".join(out), waiting


def pending(script: str) -> list[str]:
    """The delimiters ``script`` still waits for: while any is, a shell reads another line."""
    return take(script)[1]


def body(word: str) -> tuple[str, bool]:
    """(the body a here-document word carries, whether it is expanded)."""
    expand = not word.endswith(MARK) or len(word) == 1
    return bytes.fromhex(word[1:] if expand else word[1:-1]).decode(), expand

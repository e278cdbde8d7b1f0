"""Decode every barcode in each image given on the command line with zxing-cpp.

Prints one JSON array per image (as a JSON list of lists): each symbol as
{"format", "aim", "text"} with the text in zxing-cpp's plain mode (GS1 separators as GS).
Exit status 3 with a message on stderr when zxing-cpp or Pillow is missing.
"""
import json
import sys

try:
    import zxingcpp
    from PIL import Image
except ImportError as err:  # the Rust test turns this into a failure naming the fix
    print(f"MISSING: {err}. Install with: pip install zxing-cpp pillow", file=sys.stderr)
    sys.exit(3)

out = []
for path in sys.argv[1:]:
    image = Image.open(path).convert("L")
    results = zxingcpp.read_barcodes(image, text_mode=zxingcpp.TextMode.Plain)
    out.append([
        {"format": str(r.format), "aim": r.symbology_identifier, "text": r.text} for r in results
    ])
print(json.dumps(out))

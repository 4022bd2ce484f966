"""Rewrite the shipped drawing land after changing the TopoJSON or the tolerance.

python -m geo.drawing_land
"""

from pathlib import Path

from geo.land import DRAWING_LAND_FILE, drawing_land_wkb

if __name__ == "__main__":
    target = Path(__file__).with_name("data") / DRAWING_LAND_FILE
    target.write_bytes(drawing_land_wkb())
    print(f"wrote {target}")

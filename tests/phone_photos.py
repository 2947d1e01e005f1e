"""A photographed page, as a phone camera takes it: 12 megapixels, paper grain and lines of text."""

import io
import random

from PIL import Image, ImageDraw


def page_photo(size=(4032, 3024), seed=1) -> bytes:
    noise = Image.effect_noise(size, 18).convert("RGB")
    page = Image.new("RGB", size, (226, 221, 208))
    draw = ImageDraw.Draw(page)
    rnd = random.Random(seed)
    for y in range(200, size[1] - 200, 60):
        x = 250
        while x < size[0] - 300:
            width = rnd.randint(40, 200)
            draw.rectangle([x, y, x + width, y + 28], fill=(40, 40, 50))
            x += width + rnd.randint(20, 40)
    buffer = io.BytesIO()
    Image.blend(page, noise, 0.25).save(buffer, "JPEG", quality=95)
    return buffer.getvalue()

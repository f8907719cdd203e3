"""Draw the bundled course's pictures with Pillow: made for the course, no screenshot of anyone's.

    python scripts/draw_images.py        # writes images/*.fr.png and images/*.en.png

Each picture is drawn once a language, its words from `WORDS`; names, numbers and addresses are
the same in both (the commune of Villiers-sur-Aunette is the course's invented town). The PNGs are
committed: run this again after changing a drawing, and look at the result.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "images"
SIZE = (640, 360)

INK = (32, 36, 48)
MUTED = (110, 116, 130)
PAPER = (246, 247, 250)
WHITE = (255, 255, 255)
BLUE = (40, 96, 200)
RED = (210, 40, 40)
GREEN = (40, 150, 80)

WORDS = {
    "fr": {
        "sms_from": "MAIRIE",
        "sms_today": "Aujourd'hui 18:42",
        "sms_text": (
            "Mairie de Villiers : votre amende de stationnement de 35 € n'est pas réglée. "
            "Payez avant 23h sinon majoration à 375 € :"
        ),
        "sms_signs": ["urgence", "lien inconnu", "un numéro mobile"],
        "profile_name": "Maire de Villier-sur-Aunette",
        "profile_facts": ["Profil créé il y a 3 jours", "12 amis", "Aucune publication"],
        "profile_message": "Aide exceptionnelle de 500 € : envoyez votre RIB en privé",
        "profile_button": "Envoyer un message",
        "profile_signs": ["nom mal écrit", "profil récent", "argent en privé"],
        "visibility_title": "Qui peut voir cette publication ?",
        "visibility": [
            ("Public", "Tout le monde, sur le réseau et en dehors"),
            ("Amis", "Vos amis, et les amis des personnes identifiées"),
            ("Moi uniquement", "Personne d'autre que vous"),
        ],
        "visibility_note": "Réglage par défaut pour les prochaines publications",
    },
    "en": {
        "sms_from": "MAIRIE",
        "sms_today": "Today 18:42",
        "sms_text": (
            "Villiers town hall: your 35 € parking fine is unpaid. "
            "Pay before 11 pm or it rises to 375 €:"
        ),
        "sms_signs": ["urgency", "unknown link", "a mobile number"],
        "profile_name": "Maire de Villier-sur-Aunette",
        "profile_facts": ["Profile created 3 days ago", "12 friends", "No posts"],
        "profile_message": "Special 500 € grant: send your bank details privately",
        "profile_button": "Send a message",
        "profile_signs": ["misspelt name", "new profile", "money in private"],
        "visibility_title": "Who can see this post?",
        "visibility": [
            ("Public", "Anyone, on or off the network"),
            ("Friends", "Your friends, and friends of anyone tagged"),
            ("Only me", "Nobody but you"),
        ],
        "visibility_note": "Default setting for your next posts",
    },
}


FONTS = ("DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
"""DejaVu Sans (free, on most Linux systems): Pillow's own font has no accents and no €."""


def font(size: int) -> ImageFont.FreeTypeFont:
    """DejaVu Sans at `size` pixels."""
    for name in FONTS:
        try:
            return ImageFont.truetype(name, size)
        except OSError:
            continue
    raise SystemExit("DejaVu Sans is needed: install fonts-dejavu-core (or your system's DejaVu)")


def wrapped(draw: ImageDraw.ImageDraw, text: str, width: int, size: int) -> list[str]:
    """`text` cut into lines no wider than `width` pixels."""
    lines: list[str] = []
    line = ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if draw.textlength(candidate, font=font(size)) <= width:
            line = candidate
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def badge(draw: ImageDraw.ImageDraw, centre: tuple[int, int], number: int) -> None:
    """A red numbered disc: a warning sign, explained in the legend and the lesson."""
    x, y = centre
    draw.ellipse((x - 13, y - 13, x + 13, y + 13), fill=RED)
    draw.text((x, y), str(number), font=font(17), fill=WHITE, anchor="mm")


def legend(draw: ImageDraw.ImageDraw, signs: list[str], top: int, left: int = 440) -> None:
    for number, sign in enumerate(signs, 1):
        y = top + (number - 1) * 44
        badge(draw, (left + 14, y + 14), number)
        draw.text((left + 36, y + 4), sign, font=font(17), fill=RED)


def sms(words: dict) -> Image.Image:
    """A phishing text message that imitates the town hall."""
    picture = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    # The phone
    draw.rounded_rectangle((40, 16, 400, 344), radius=28, fill=INK)
    draw.rounded_rectangle((54, 40, 386, 320), radius=12, fill=WHITE)
    draw.ellipse((70, 52, 106, 88), fill=MUTED)
    draw.text((88, 70), "M", font=font(20), fill=WHITE, anchor="mm")
    draw.text((118, 56), words["sms_from"], font=font(20), fill=INK)
    draw.text((118, 80), "+33 7 56 12 09 84", font=font(14), fill=MUTED)
    draw.line((54, 100, 386, 100), fill=(220, 222, 228), width=2)
    draw.text((220, 116), words["sms_today"], font=font(13), fill=MUTED, anchor="mm")
    lines = wrapped(draw, words["sms_text"], 270, 16)
    link = "villiers-amende.paie-ment.info"
    height = 20 * (len(lines) + 1) + 20
    draw.rounded_rectangle((68, 132, 360, 132 + height), radius=14, fill=(233, 235, 240))
    for number, line in enumerate(lines):
        draw.text((82, 142 + 20 * number), line, font=font(16), fill=INK)
    y = 142 + 20 * len(lines)
    draw.text((82, y), link, font=font(16), fill=BLUE)
    draw.line((82, y + 19, 82 + draw.textlength(link, font=font(16)), y + 19), fill=BLUE)
    badge(draw, (372, 150), 1)
    badge(draw, (372, y + 10), 2)
    badge(draw, (105, 56), 3)
    legend(draw, words["sms_signs"], 120)
    return picture


def profile(words: dict) -> Image.Image:
    """A fake profile of the mayor, with its warning signs numbered."""
    picture = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((24, 20, 420, 340), radius=12, fill=WHITE, outline=(220, 222, 228))
    draw.rectangle((25, 21, 419, 90), fill=(205, 215, 235))
    draw.ellipse((50, 50, 130, 130), fill=(180, 186, 200), outline=WHITE, width=4)
    draw.ellipse((74, 64, 106, 96), fill=(120, 126, 140))  # a silhouette, nobody's photo
    draw.pieslice((62, 96, 118, 150), 180, 360, fill=(120, 126, 140))
    draw.text((144, 100), words["profile_name"], font=font(17), fill=INK)
    for number, fact in enumerate(words["profile_facts"]):
        draw.text((144, 130 + 22 * number), fact, font=font(15), fill=MUTED)
    lines = wrapped(draw, words["profile_message"], 340, 16)
    draw.rounded_rectangle((48, 206, 400, 214 + 22 * len(lines)), radius=10, fill=(233, 235, 240))
    for number, line in enumerate(lines):
        draw.text((60, 210 + 22 * number), line, font=font(16), fill=INK)
    draw.rounded_rectangle((48, 290, 230, 322), radius=8, fill=BLUE)
    draw.text((139, 306), words["profile_button"], font=font(15), fill=WHITE, anchor="mm")
    name_end = 144 + int(draw.textlength(words["profile_name"], font=font(17)))
    badge(draw, (min(name_end + 16, 406), 110), 1)
    badge(draw, (132, 140), 2)
    badge(draw, (406, 222), 3)
    legend(draw, words["profile_signs"], 120)
    return picture


def visibility(words: dict) -> Image.Image:
    """A post's visibility settings: who sees it, with « Friends » chosen."""
    picture = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((60, 20, 580, 340), radius=14, fill=WHITE, outline=(220, 222, 228))
    draw.text((320, 50), words["visibility_title"], font=font(21), fill=INK, anchor="mm")
    draw.line((60, 78, 580, 78), fill=(220, 222, 228), width=2)
    chosen = 1
    for number, (name, detail) in enumerate(words["visibility"]):
        top = 92 + 72 * number
        if number == chosen:
            draw.rounded_rectangle((72, top, 568, top + 62), radius=10, fill=(228, 238, 255))
        icon = (100, top + 31)
        draw.ellipse((icon[0] - 20, icon[1] - 20, icon[0] + 20, icon[1] + 20), fill=(205, 215, 235))
        if number == 0:  # a globe
            draw.ellipse(
                (icon[0] - 11, icon[1] - 11, icon[0] + 11, icon[1] + 11), outline=INK, width=2
            )
            draw.line((icon[0] - 11, icon[1], icon[0] + 11, icon[1]), fill=INK, width=2)
            draw.ellipse(
                (icon[0] - 5, icon[1] - 11, icon[0] + 5, icon[1] + 11), outline=INK, width=2
            )
        elif number == 1:  # two people
            for dx in (-6, 6):
                draw.ellipse((icon[0] + dx - 5, icon[1] - 10, icon[0] + dx + 5, icon[1]), fill=INK)
                draw.pieslice(
                    (icon[0] + dx - 8, icon[1] + 1, icon[0] + dx + 8, icon[1] + 17),
                    180,
                    360,
                    fill=INK,
                )
        else:  # a padlock
            draw.arc(
                (icon[0] - 7, icon[1] - 14, icon[0] + 7, icon[1] + 2), 180, 360, fill=INK, width=3
            )
            draw.rectangle((icon[0] - 10, icon[1] - 4, icon[0] + 10, icon[1] + 12), fill=INK)
        draw.text((136, top + 12), name, font=font(18), fill=INK)
        draw.text((136, top + 36), detail, font=font(14), fill=MUTED)
        radio = (540, top + 31)
        draw.ellipse(
            (radio[0] - 11, radio[1] - 11, radio[0] + 11, radio[1] + 11), outline=BLUE, width=3
        )
        if number == chosen:
            draw.ellipse((radio[0] - 5, radio[1] - 5, radio[0] + 5, radio[1] + 5), fill=BLUE)
    draw.text((320, 322), words["visibility_note"], font=font(14), fill=MUTED, anchor="mm")
    return picture


DRAWINGS: dict[str, Callable[[dict], Image.Image]] = {
    "sms-mairie": sms,
    "faux-profil": profile,
    "visibilite-publication": visibility,
}


def main() -> None:
    IMAGES.mkdir(exist_ok=True)
    for name, draw in DRAWINGS.items():
        for language, words in WORDS.items():
            path = IMAGES / f"{name}.{language}.png"
            draw(words).save(path, optimize=True)
            print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} kB")


if __name__ == "__main__":
    main()

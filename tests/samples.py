"""Small corpora shared by the tests (a module, not conftest, so any test can import it)."""

TINY_TEXT = (
    "The fox ran over the hill and the hen sat on the wall.\n"
    "A cat sat on the mat; the dog lay by the door.\n"
    "Rain fell on the roof, and the wind went round the house.\n"
    "We sang a song of the sea, of ships and of the moon.\n"
) * 12

# Lines of Li Bai and Meng Haoran (public domain), repeated: a corpus of Chinese characters.
CHINESE_TEXT = (
    "床前明月光，疑是地上霜。\n举头望明月，低头思故乡。\n春眠不觉晓，处处闻啼鸟。\n"
) * 30

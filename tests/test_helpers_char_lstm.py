"""helpers.char_lstm: слова и доля знакомых слов, словарь символов, окна (массивом и tf.data), повторяемость,
циклы, биты на символ, возобновляемое обучение."""

from __future__ import annotations

import math

import keras
import numpy as np
import pytest

from helpers.char_lstm import (
    BitsPerCharacter,
    CharVocabulary,
    count_windows,
    distinct_ngram_ratio,
    find_loop,
    make_windows,
    read_progress,
    read_training_log,
    resumable_callbacks,
    window_dataset,
    word_hit_rate,
    words,
)


def _batches(dataset):
    xs, ys = zip(*((x.numpy(), y.numpy()) for x, y in dataset), strict=True)
    return np.concatenate(xs), np.concatenate(ys)


def test_window_dataset_equals_lecture_windows():
    ids = np.arange(50, 150, dtype=np.int32)
    x, y = _batches(window_dataset(ids, maxlen=7, step=3, batch_size=8, shuffle=False))
    expected_x, expected_y = make_windows(ids, 7, 3)
    np.testing.assert_array_equal(x, expected_x)
    np.testing.assert_array_equal(y, expected_y)
    assert x.dtype == np.int32


def test_window_dataset_reshuffles_every_epoch():
    ids = np.arange(300, dtype=np.int32)
    dataset = window_dataset(ids, maxlen=5, step=2, batch_size=16, shuffle=True, seed=1)
    (x1, y1), (_, y2) = _batches(dataset), _batches(dataset)
    assert not np.array_equal(y1, y2), "порядок окон должен меняться от эпохи к эпохе"
    np.testing.assert_array_equal(np.sort(y1), make_windows(ids, 5, 2)[1])
    np.testing.assert_array_equal(x1[:, -1] + 1, y1)  # окно и его цель не разъехались


def test_window_dataset_bad_input():
    with pytest.raises(ValueError, match="целочисленный"):
        window_dataset(np.zeros(10), maxlen=3, step=1, batch_size=2, shuffle=False)
    with pytest.raises(ValueError, match="batch_size"):
        window_dataset(np.arange(10), maxlen=3, step=1, batch_size=0, shuffle=False)
    with pytest.raises(ValueError, match="окон нет"):
        window_dataset(np.arange(3), maxlen=3, step=1, batch_size=2, shuffle=False)


def test_bits_per_character_adds_to_logs():
    logs = {"loss": math.log(2) * 3, "val_loss": math.log(2) * 4}
    BitsPerCharacter().on_epoch_end(0, logs)
    assert logs["bits_per_char"] == pytest.approx(3)
    assert logs["val_bits_per_char"] == pytest.approx(4)


def test_read_training_log_keeps_last_record_of_repeated_epoch(tmp_path):
    (tmp_path / "training_log.csv").write_text("epoch,loss\n0,3.0\n1,2.5\n1,2.4\n2,2.0\n", encoding="utf-8")
    log = read_training_log(tmp_path)
    assert log["epoch"].tolist() == [0, 1, 2]
    assert log["loss"].tolist() == [3.0, 2.4, 2.0]
    with pytest.raises(FileNotFoundError, match="Журнала"):
        read_training_log(tmp_path / "нет")


class _Crash(keras.callbacks.Callback):
    """Изображает обрыв сессии в начале эпохи `epoch`."""

    def __init__(self, epoch):
        super().__init__()
        self.epoch = epoch

    def on_epoch_begin(self, epoch, logs=None):
        if epoch == self.epoch:
            raise KeyboardInterrupt


def _tiny_model():
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model


def test_training_resumes_after_interruption(tmp_path):
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(64, 4)), rng.integers(0, 3, 64)
    fit = dict(x=x, y=y, validation_data=(x, y), epochs=4, batch_size=16, verbose=0)
    with pytest.raises(KeyboardInterrupt):
        _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path) + [_Crash(2)])
    assert read_progress(tmp_path) == {"started_at_epoch": 0, "epochs_done": 2}
    assert (tmp_path / "backup").is_dir()
    assert (tmp_path / "best.keras").is_file()

    history = _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path))
    assert len(history.history["loss"]) == 2, "продолжить надо с третьей эпохи, а не с начала"
    assert read_progress(tmp_path) == {"started_at_epoch": 2, "epochs_done": 4}
    log = read_training_log(tmp_path)
    assert log["epoch"].tolist() == [0, 1, 2, 3]
    np.testing.assert_allclose(log["val_bits_per_char"], log["val_loss"] / math.log(2))
    assert not (tmp_path / "backup").exists(), "после конца обучения резервная копия удаляется"

    _tiny_model().fit(**fit, callbacks=resumable_callbacks(tmp_path))  # новый запуск — обучение заново
    assert read_progress(tmp_path)["started_at_epoch"] == 0
    assert read_training_log(tmp_path)["epoch"].tolist() == [0, 1, 2, 3]


def test_resumable_callbacks_need_output_dir(tmp_path):
    with pytest.raises(NotADirectoryError, match="prepare_output_dir"):
        resumable_callbacks(tmp_path / "нет")


# --- текст: слова, словарь символов, окна, повторяемость и циклы ---------------------------------------

def test_words_are_letter_runs_of_two_or_more():
    assert words("Ёжик-2 в тумане, and a cat; ц12ы x9") == ["ёжик", "тумане", "and", "cat"]
    assert words("") == []
    with pytest.raises(TypeError, match="строку"):
        words(None)


def test_word_hit_rate_counts_inner_words_only():
    training = "Кошка сидит на ковре. Собака спит."
    # «ка» — конец слова из затравки, «сп» обрезан длиной образца: оба не считаются.
    assert word_hit_rate("ка сидит на ковре и собака сп", training) == 1.0
    assert word_hit_rate(" кошка сидт на кавре ", training) == 0.5  # «кошка», «на» — есть; «сидт», «кавре» — нет
    assert word_hit_rate([" кошка ", " сабака "], training) == 0.5  # по всем образцам вместе
    assert word_hit_rate(" ... , ", training) == 0.0  # слов нет
    assert word_hit_rate(" КОШКА ", training) == 1.0  # регистр не важен


def test_word_hit_rate_bad_input():
    with pytest.raises(ValueError, match="нет ни одного слова"):
        word_hit_rate(" кошка ", "а и 1 2")
    with pytest.raises(TypeError, match="список строк"):
        word_hit_rate([" кошка ", 3], "кошка")


def test_vocabulary_round_trip_with_cyrillic():
    vocab = CharVocabulary.from_text("ёжик в тумане")
    assert len(vocab) == len(set("ёжик в тумане"))
    assert vocab.chars == sorted(vocab.chars)
    ids = vocab.encode("жук в ёмкости"[:3] + "ик")
    assert ids.dtype == np.int32
    assert vocab.decode(ids) == "жукик"


def test_vocabulary_bad_input():
    vocab = CharVocabulary.from_text("абв")
    with pytest.raises(ValueError, match="'гд'"):
        vocab.encode("агд")
    with pytest.raises(ValueError, match="от 0 до 2"):
        vocab.decode([0, 3])
    with pytest.raises(ValueError, match="от 0 до 2"):
        vocab.decode([[0]])
    with pytest.raises(ValueError, match="непустой"):
        CharVocabulary.from_text("")
    with pytest.raises(ValueError, match="одиночных"):
        CharVocabulary(["аб"])


def test_windows_match_the_lecture_loop():
    ids = np.arange(100, 200)
    x, y = make_windows(ids, maxlen=7, step=3)
    starts = range(0, len(ids) - 7, 3)
    np.testing.assert_array_equal(x, [ids[i:i + 7] for i in starts])
    np.testing.assert_array_equal(y, [ids[i + 7] for i in starts])
    assert len(x) == count_windows(len(ids), 7, 3)
    assert x.flags.writeable


@pytest.mark.parametrize(("n_chars", "expected"), [(60, 0), (61, 1), (63, 1), (64, 2), (600_000, 199_980)])
def test_count_windows(n_chars, expected):
    assert count_windows(n_chars, 60, 3) == expected


def test_windows_bad_input():
    with pytest.raises(ValueError, match="maxlen"):
        make_windows(np.arange(10), 0, 1)
    with pytest.raises(ValueError, match="step"):
        count_windows(10, 3, 1.5)
    with pytest.raises(ValueError, match="одномерный"):
        make_windows(np.zeros((3, 3), dtype=int), 2, 1)
    with pytest.raises(ValueError, match="окон нет"):
        make_windows(np.arange(5), 5, 1)
    with pytest.raises(ValueError, match="отрицательной"):
        count_windows(-1, 3, 1)


def test_distinct_ngram_ratio():
    assert distinct_ngram_ratio("abcdef", 4) == 1.0
    assert distinct_ngram_ratio("aaaaaa", 4) == pytest.approx(1 / 3)
    assert distinct_ngram_ratio("abab", 2) == pytest.approx(2 / 3)
    with pytest.raises(ValueError, match="нет ни одной"):
        distinct_ngram_ratio("abc", 4)
    with pytest.raises(ValueError, match="n: нужно целое число ≥ 1"):
        distinct_ngram_ratio("abc", 0)


def test_find_loop():
    assert find_loop("начало, и то и то и то и то") == (7, 5)
    assert find_loop("ааааа") == (0, 1)
    assert find_loop("без повторов в конце") is None
    assert find_loop("xyxy", min_repeats=3) is None
    with pytest.raises(ValueError, match="min_repeats"):
        find_loop("abab", min_repeats=1)

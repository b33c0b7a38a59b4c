"""Пакет курса, устроенный по одному правилу: у каждого блокнота свой модуль, названный по блокноту, а то, чем
пользуются несколько блокнотов, — в общих модулях.

Модуль блокнота (`helpers.gan_1d`, `helpers.dcgan`, `helpers.distillation`, `helpers.q_learning`,
`helpers.transfer`, `helpers.char_lstm`) держит обвязку одной лекции, на каком бы фреймворке она ни была,
и называет свой блокнот в строке «Блокнот: notebooks/….ipynb» описания; его импортируют явно. Общие модули:
`environment` (среда, профиль, сиды, папка вывода, версии пакетов, адрес курса и ссылки Colab/Binder),
`data` (все наборы данных), `plots`, `metrics` (metrics.json, run.json, разряды, число параметров), `checks`
(самопроверка заданий и проверка аргументов). Самое частое из них доступно прямо как `helpers.имя`.

`import helpers` не импортирует ни TensorFlow, ни PyTorch, ни matplotlib.pyplot: фреймворк импортирует
модуль блокнота, а загрузчики данных и рисунки — внутри функций.
"""

from helpers.checks import (
    CheckResult,
    ExerciseFailed,
    check_function,
    check_value,
    exercise_results,
    exercise_tally,
    require_int,
    reset_exercises,
)
from helpers.data import cache_dir, download, real_or_offline, require_file, resolve_data_dir, say_offline
from helpers.environment import (
    REPOSITORY,
    Runtime,
    binder_url,
    check_versions,
    colab_url,
    detect_runtime,
    prepare_output_dir,
    resolve_profile,
    select_params,
    set_seed,
)
from helpers.metrics import format_metrics, group_digits, parameter_counts, read_metrics, write_metrics, write_run_info
from helpers.plots import moving_average, plot_heatmap, plot_training_curves, show_image_grid

__all__ = [
    "REPOSITORY",
    "CheckResult",
    "ExerciseFailed",
    "Runtime",
    "binder_url",
    "cache_dir",
    "check_function",
    "check_versions",
    "check_value",
    "colab_url",
    "detect_runtime",
    "download",
    "exercise_results",
    "exercise_tally",
    "format_metrics",
    "group_digits",
    "moving_average",
    "parameter_counts",
    "plot_heatmap",
    "plot_training_curves",
    "prepare_output_dir",
    "read_metrics",
    "real_or_offline",
    "require_file",
    "require_int",
    "reset_exercises",
    "resolve_data_dir",
    "resolve_profile",
    "say_offline",
    "select_params",
    "set_seed",
    "show_image_grid",
    "write_metrics",
    "write_run_info",
]

# Команды курса. Главные две — `make lab` и `make test` (см. README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LAB_STAMP := $(VENV)/.lab-configured
KERNEL := dl-course-ru
PROFILE ?= smoke
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# Дополнительные ключи JupyterLab, например `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=
# Под root (Docker, CI) JupyterLab без --allow-root не стартует.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# Версии из раздела pip файла environment.yml — единственного источника версий: все (make install)
# и только нужные студенту, до метки «инструменты разработки» (Binder).
PIP_REQUIREMENTS = sed -n '/^ *- pip:/,$$ s/^ *- \(.*==.*\)/\1/p' environment.yml
RUNTIME_REQUIREMENTS = sed -n '/^ *- pip:/,/^ *\# --- инструменты разработки/ s/^ *- \(.*==.*\)/\1/p' environment.yml
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

# Сборка PyTorch: cpu (по умолчанию) или cuda — сборка с PyPI, с CUDA, для видеокарты NVIDIA: make install TORCH=cuda.
TORCH ?= cpu
ifeq ($(filter cpu cuda,$(TORCH)),)
$(error TORCH: нужно cpu или cuda, получено «$(TORCH)»)
endif
# На Linux PyPI отдаёт torch с CUDA и несколькими ГБ библиотек NVIDIA, поэтому сборку для CPU берём с индекса PyTorch
# (адрес — строка --extra-index-url в environment.yml); на macOS и Windows torch с PyPI и так без CUDA.
# TORCH_INDEX задаёт индекс для torch явно; пустой — ставить torch с тех индексов, что настроены в pip.
SYSTEM ?= $(shell uname -s)
TORCH_CPU_INDEX := $(shell sed -n 's/^ *- --extra-index-url //p' environment.yml)
TORCH_INDEX ?= $(if $(filter cpu,$(TORCH)),$(if $(filter Linux,$(SYSTEM)),$(TORCH_CPU_INDEX)))
# Сборка torch, с которой поставлено окружение, записана в $(STAMP): make install TORCH=… с другой ставит всё заново.
INSTALLED_TORCH := $(shell sed -n 's/^torch=//p' $(STAMP) 2>/dev/null)
TORCH_SWITCH := $(if $(filter-out file,$(origin TORCH)),$(filter-out $(TORCH),$(INSTALLED_TORCH)))
# Python окружения не запускается (например, удалён Python, из которого его сделали) — ставим заново.
VENV_BROKEN := $(shell test -x $(PY) || echo yes)

.PHONY: install lab test test-binder test-browser test-compat lessons lint run bench binder clean corpus source-model \
	retarget editions site test-site FORCE

install: $(STAMP)

# Сначала — проверки, до которых ничего не ставится: есть ли Python, подходит ли его версия (tools/check_python.py;
# готовое окружение с подходящим Python тоже годится — его могли сделать с PYTHON=python3.11), цело ли окружение
# (tools/make_venv.py создаёт его, а сломанное пересоздаёт). Потом torch, остальное и сам курс.
$(STAMP): environment.yml pyproject.toml $(if $(VENV_BROKEN)$(TORCH_SWITCH),FORCE)
	@command -v $(PYTHON) > /dev/null || { echo "Не найден $(PYTHON): поставьте Python (README, «Установка») или укажите его: make install PYTHON=путь" >&2; exit 1; }
	@$(PYTHON) tools/check_python.py $(if $(TORCH_SWITCH),,--venv $(VENV))
	@$(PYTHON) tools/make_venv.py $(VENV) $(if $(TORCH_SWITCH),--fresh "нужен TORCH=$(TORCH) вместо поставленного torch=$(INSTALLED_TORCH)")
	@echo "Ставлю зависимости курса в $(VENV): первый раз — несколько минут и около 3 ГБ загрузок…"
	$(PIP_REQUIREMENTS) > $(VENV)/requirements.txt
	$(PY) -m pip install $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) $$(grep '^torch==' $(VENV)/requirements.txt)
	$(PY) -m pip install -r $(VENV)/requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m ipykernel install --user --name $(KERNEL) --display-name "Курс DL (ru)" > /dev/null
	echo "torch=$(TORCH)" > $@

FORCE:

# Русский интерфейс, без окна новостей, блокноты на ядре курса (tools/configure_lab.py; на Binder — postBuild).
$(LAB_STAMP): $(STAMP) tools/configure_lab.py
	$(PY) tools/configure_lab.py
	touch $@

lab: $(LAB_STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ARGS) $(ROOT_ARGS)

# ruff и русский текст: орфография, буква ё и термины GLOSSARY.md (tools/spellcheck.py, словарь pymorphy3).
lint: $(STAMP)
	$(VENV)/bin/ruff check helpers tests notebooks tools bench
	$(PY) tools/spellcheck.py

# Юнит-тесты, исполнение всех блокнотов (smoke; 02, 03, 05, 06 — ещё и full на подставных файлах) через papermill,
# nbval на сохранённых выходах.
test: $(STAMP) lint
	rm -rf build/nbval build/test
	COURSE_PROFILE=smoke COURSE_OUTPUT_ROOT=$(CURDIR)/build/nbval \
	  $(PY) -m pytest tests -m "not lesson and not site and not binder and not compat" $$(grep -l NBVAL_CHECK_OUTPUT $(NOTEBOOKS)) --nbval-lax

# Настоящий браузер (вне make test): JupyterLab с блокнотом 04 и сайт в headless Chromium, снимки — build/screenshots/.
# Chromium — из пакетов Debian: под root ставим сами, иначе просим поставить.
test-browser: $(STAMP)
	@command -v chromium > /dev/null || { test "$$(id -u)" = 0 \
	  || { echo "Нужен Chromium: sudo apt-get install chromium"; exit 1; }; \
	  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; }
	$(PY) -m pytest tests/browser -p no:cacheprovider

# Binder: binder/requirements.txt ставится в свежий venv, пакеты курса импортируются, печатается размер (вне make test,
# его вызывает .ci/run; несколько минут).
test-binder: $(STAMP)
	$(PY) -m pytest tests/test_binder.py -m binder -p no:cacheprovider -s

# Совместимость: пакет курса — собранный wheel (не -e) в свежей среде $(COMPAT)/.venv с самыми старыми
# поддерживаемыми версиями фреймворков (нижние границы extras в pyproject.toml, tools/compat_requirements.py);
# копия notebooks/ во временной папке вне репозитория исполняется в профиле smoke, метрики проверяют
# smoke-тесты блокнотов, tests/test_compat.py — что пакет взят из wheel, а версии — самые старые.
# build/lib чистится потому, что setuptools собирает wheel через неё: иначе в wheel попали бы удалённые файлы.
COMPAT := $(CURDIR)/build/compat
COMPAT_PY := $(COMPAT)/.venv/bin/python
test-compat:
	rm -rf $(COMPAT) build/lib build/bdist.*
	$(PYTHON) -m venv $(COMPAT)/.venv
	$(COMPAT_PY) -m pip wheel -q --no-deps --wheel-dir $(COMPAT)/dist .
	$(PIP_REQUIREMENTS) > $(COMPAT)/environment-pins.txt
	$(PYTHON) tools/compat_requirements.py $(COMPAT)/environment-pins.txt $(COMPAT)/dist/*.whl > $(COMPAT)/requirements.txt
	@echo "Ставлю wheel курса и самые старые поддерживаемые версии в $(COMPAT)/.venv (журнал — install.log)…"
	$(COMPAT_PY) -m pip install --progress-bar off -r $(COMPAT)/requirements.txt > $(COMPAT)/install.log 2>&1 \
	  || { tail -n 30 $(COMPAT)/install.log >&2; exit 1; }
	$(COMPAT_PY) -m pip list | grep -iE '^(dl-course-ru|tensorflow|keras|torch|transformers|datasets|accelerate|gymnasium|numpy) '
	$(COMPAT_PY) -m ipykernel install --sys-prefix --name $(KERNEL)-compat --display-name "Курс DL (ru), совместимость" > /dev/null
	work=$$(mktemp -d -t dl-course-compat.XXXXXX); cp -r notebooks "$$work/notebooks"; cd "$$work"; \
	env -u PYTHONPATH COURSE_TEST_ROOT="$$work" COURSE_TEST_KERNEL=$(KERNEL)-compat COURSE_CACHE_DIR="$$work/cache" \
	  $(COMPAT)/.venv/bin/pytest $(CURDIR)/tests/test_compat.py $(CURDIR)/tests/test_notebook_*.py \
	  -m "smoke or compat" -p no:cacheprovider \
	  || { echo "Блокноты и их выходы оставлены в $$work" >&2; exit 1; }; \
	rm -rf "$$work"

# Уроки в профиле cpu на нескольких сидах: пороги того, что должен увидеть студент (вне make test).
# make lessons SEEDS="1 2 3" ONLY=02 LESSON_DATA_DIR=/путь/к/mnist.npz-и-nietzsche.txt
SEEDS ?= 1 2 3
ONLY ?=
LESSON_DATA_DIR ?=
lessons: $(STAMP)
	SEEDS="$(SEEDS)" LESSON_DATA_DIR="$(LESSON_DATA_DIR)" \
	  $(PY) -m pytest tests/test_lessons.py -m lesson -p no:cacheprovider $(if $(ONLY),-k "$(ONLY)")

# Все блокноты с выходами и в HTML — в build/$(PROFILE)/.
run: $(STAMP)
	@case "$(PROFILE)" in auto|full|cpu|smoke) ;; *) echo "PROFILE должен быть auto, full, cpu или smoke"; exit 2;; esac
	mkdir -p build/$(PROFILE)
	for notebook in $(NOTEBOOKS); do \
	  name=$$(basename $$notebook .ipynb); \
	  $(VENV)/bin/papermill $$notebook build/$(PROFILE)/$$name.ipynb -k python3 \
	    -p PROFILE $(PROFILE) -p OUTPUT_DIR $(CURDIR)/build/$(PROFILE)/outputs/$$name; \
	  $(PY) tools/alt_text.py build/$(PROFILE)/$$name.ipynb; \
	  $(VENV)/bin/jupyter nbconvert --to html --TemplateExporter.extra_template_basedirs=tools/nbconvert \
	    --template course build/$(PROFILE)/$$name.ipynb; \
	done

# Сайт курса из блокнотов, исполненных make run, — в build/site/html: по умолчанию из профиля cpu,
# `make site PROFILE=smoke` — из smoke. Если исполненных блокнотов нет, сначала выполняется make run.
SITE_PROFILE := $(if $(filter file,$(origin PROFILE)),cpu,$(PROFILE))
SITE_NOTEBOOKS := $(patsubst notebooks/%,build/$(SITE_PROFILE)/%,$(NOTEBOOKS))
site: $(SITE_NOTEBOOKS)
	rm -rf build/site
	$(PY) tools/build_site.py build/$(SITE_PROFILE) build/site/src
	$(VENV)/bin/sphinx-build -W --keep-going -q -b html -c site -d build/site/doctrees build/site/src build/site/html
	@echo "Сайт: build/site/html/index.html"

$(SITE_NOTEBOOKS) &: | $(STAMP)
	$(MAKE) run PROFILE=$(SITE_PROFILE)

# Проверка сайта (в CI): сайт из smoke-запуска собирается без сети (unshare — своё сетевое пространство
# без выхода наружу), затем tests/test_site.py проверяет страницы, значки, врезки о запуске и тексты картинок.
test-site: $(STAMP)
	$(MAKE) PROFILE=smoke $(patsubst notebooks/%,build/smoke/%,$(NOTEBOOKS))
	unshare --net --map-root-user $(MAKE) site PROFILE=smoke
	$(PY) -m pytest tests/test_site.py -m site -p no:cacheprovider

# Замеры скорости и памяти против кода лекций (вне make test): bench/bench_*.py.
bench: $(STAMP)
	for script in $(sort $(wildcard bench/bench_*.py)); do $(PY) $$script; done

# Пересобирает binder/requirements.txt из environment.yml: индекс PyTorch для CPU (Binder — Linux без GPU) и пакеты,
# нужные студенту; инструменты разработки (тесты, проверки) в Binder не ставятся.
binder:
	{ echo "# Собрано из environment.yml командой make binder; не править вручную."; \
	  echo "--extra-index-url $(TORCH_CPU_INDEX)"; \
	  $(RUNTIME_REQUIREMENTS); } > binder/requirements.txt

clean:
	rm -rf build outputs

# Офлайн-корпус блокнота 06: русская проза блокнотов и README → helpers/course_prose.txt (снимок, данные пакета).
corpus: $(STAMP)
	$(PY) tools/make_corpus.py

# Веса исходной модели блокнота 05 (профиль cpu) → helpers/pretrained/ (данные пакета; несколько минут).
source-model: $(STAMP)
	$(PY) tools/publish_source_model.py

# Адрес и выпуск курса (форк, новая метка): helpers/environment.py, значки, ячейки установки, README, CITATION.cff.
# make retarget REPO=владелец/имя REF=v0.2.0
REPO ?=
REF ?=
retarget: $(STAMP)
	$(PY) tools/retarget.py "$(REPO)" "$(REF)"

# Издания блокнотов: build/student/ — без решений, build/teacher/ — решения в ячейках заданий (tools/editions.py).
editions: $(STAMP)
	$(PY) tools/editions.py

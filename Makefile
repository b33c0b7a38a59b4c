# Команды курса. Главные две — `make lab` и `make test` (см. README.md).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c

PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
KERNEL := dl-course-ru
PROFILE ?= smoke
NOTEBOOKS := $(sort $(wildcard notebooks/*.ipynb))
# Дополнительные ключи JupyterLab, например `make lab LAB_ARGS="--no-browser --port=8890"`.
LAB_ARGS ?=
# Под root (Docker, CI) JupyterLab без --allow-root не стартует.
ROOT_ARGS := $(if $(filter 0,$(shell id -u)),--allow-root)
# Версии из раздела pip файла environment.yml — единственного источника версий.
PIP_REQUIREMENTS = sed -n '/^ *- pip:/,$$ s/^ *- \(.*==.*\)/\1/p' environment.yml
export TF_CPP_MIN_LOG_LEVEL := 2
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: install lab test test-compat lessons lint run bench binder clean corpus source-model

install: $(STAMP)

$(STAMP): environment.yml pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@echo "Ставлю зависимости курса в $(VENV) (первый раз — несколько минут)…"
	$(PIP_REQUIREMENTS) > $(VENV)/requirements.txt
	$(PY) -m pip install -q $$(grep '^torch==' $(VENV)/requirements.txt)
	$(PY) -m pip install -q -r $(VENV)/requirements.txt 2> >(grep -v "is ignored: it is neither" >&2)
	$(PY) -m pip install -q --no-deps -e .
	$(PY) -m ipykernel install --user --name $(KERNEL) --display-name "Курс DL (ru)" > /dev/null
	touch $@

lab: $(STAMP)
	$(VENV)/bin/jupyter lab --notebook-dir=notebooks $(LAB_ARGS) $(ROOT_ARGS)

# ruff и русский текст: орфография, буква ё и термины GLOSSARY.md (tools/spellcheck.py, словарь pymorphy3).
lint: $(STAMP)
	$(VENV)/bin/ruff check helpers tests notebooks tools bench
	$(PY) tools/spellcheck.py

# Юнит-тесты, исполнение всех блокнотов (smoke) через papermill, nbval на сохранённых выходах.
test: $(STAMP) lint
	rm -rf build/nbval build/test
	COURSE_PROFILE=smoke COURSE_OUTPUT_ROOT=$(CURDIR)/build/nbval \
	  $(PY) -m pytest tests -m "not lesson and not compat" $$(grep -l NBVAL_CHECK_OUTPUT $(NOTEBOOKS)) --nbval-lax

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
	  $(VENV)/bin/jupyter nbconvert --to html build/$(PROFILE)/$$name.ipynb; \
	done

# Замеры скорости и памяти против кода лекций (вне make test): bench/bench_*.py.
bench: $(STAMP)
	for script in $(sort $(wildcard bench/bench_*.py)); do $(PY) $$script; done

# Пересобирает binder/requirements.txt из environment.yml.
binder:
	{ echo "# Собрано из environment.yml командой make binder; не править вручную."; \
	  echo "--extra-index-url https://download.pytorch.org/whl/cpu"; \
	  $(PIP_REQUIREMENTS); } > binder/requirements.txt

clean:
	rm -rf build outputs

# Офлайн-корпус блокнота 06: русская проза блокнотов и README → helpers/course_prose.txt (снимок, данные пакета).
corpus: $(STAMP)
	$(PY) tools/make_corpus.py

# Веса исходной модели блокнота 05 (профиль cpu) → helpers/pretrained/ (данные пакета; несколько минут).
source-model: $(STAMP)
	$(PY) tools/publish_source_model.py

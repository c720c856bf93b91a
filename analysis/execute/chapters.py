"""Execute one chapter notebook with papermill, on a warm kernel (:mod:`analysis.execute.kernels`)
or a kernel of its own, turning any failure into a :class:`ChapterFailed` that names the chapter."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analysis.common.errors import BuildError


class ChapterFailed(BuildError):
    pass


@dataclass
class ChapterRun:
    """An executed chapter: how long it took, and the notebook papermill wrote (the renderer reads it
    from here instead of parsing the file again)."""

    seconds: float
    notebook: Any = None


def execute_chapter(
    nb_in: Path,
    nb_out: Path,
    parameters: dict,
    *,
    timeout: int,
    cwd: Path,
    reuse_kernel: bool = True,
    figure_png: bool = True,
) -> ChapterRun:
    """Execute one chapter with papermill; on a warm kernel from :mod:`analysis.execute.kernels` when
    ``reuse_kernel``, else on a kernel of its own.  ``figure_png``: whether the chapter's figures carry
    a PNG (:func:`analysis.present.charts.figure_png_wanted`; a kernel of its own inherits this process's
    environment, and so the default, PNGs)."""
    import papermill as pm
    from papermill.exceptions import PapermillExecutionError

    from analysis.execute.kernels import KERNEL_ARGS, execute_notebook_warm

    t0 = time.perf_counter()
    try:
        if reuse_kernel:
            nb = execute_notebook_warm(nb_in, nb_out, parameters, timeout=timeout, cwd=cwd, figure_png=figure_png)
        else:
            nb = pm.execute_notebook(
                str(nb_in),
                str(nb_out),
                parameters=parameters,
                kernel_name="python3",
                start_timeout=180,
                progress_bar=False,
                log_output=False,
                # the kernel starts in cwd (nbclient reads it from resources); papermill's own cwd=
                # would chdir the whole process, under every other thread of the build
                resources={"metadata": {"path": str(cwd)}},
                execution_timeout=timeout,
                report_mode=True,
                extra_arguments=list(KERNEL_ARGS),
            )
    except PapermillExecutionError as e:
        raise ChapterFailed(
            f"chapter '{nb_in.stem}' failed in cell {e.exec_count or e.cell_index}: {e.ename}: {e.evalue}"
        ) from e
    except Exception as e:  # kernel died, timeout, bad notebook
        raise ChapterFailed(f"chapter '{nb_in.stem}' failed: {type(e).__name__}: {e}") from e
    return ChapterRun(time.perf_counter() - t0, nb)


def stop_kernels() -> None:
    """Kill the Jupyter kernels this process started (they are its child processes)."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with the kernel stack
        return
    for child in psutil.Process().children(recursive=True):
        try:
            child.kill()
        except psutil.Error:
            pass

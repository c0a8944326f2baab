# shellcheck shell=bash
# Shared set-up for scripts/run.sh and scripts/test.sh (sourced, not executed).
#
# Contract: after `bootstrap <profile>` returns 0, "$VENV" holds a virtualenv with the project
# installed in editable mode with the dev extras, and every system library/tool the profile needs
# is present. Profiles: "desktop" (a real window: Qt + xcb/wayland plugins), "offscreen" (Qt
# without a display) and "test" (offscreen Qt + poppler-utils). Missing Debian packages are installed with apt-get when running as root or
# with password-less sudo; otherwise the exact apt-get command is printed and bootstrap fails.
#
# Environment knobs:
#   PYTHON                      interpreter used to create the venv (default: python3)
#   GRIDAPP_NO_APT=1            never run apt-get; report what is missing instead
#   GRIDAPP_PRETEND_MISSING="pkg ..."
#                               treat these Debian packages as missing (to exercise the paths above)

GRIDAPP_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$GRIDAPP_ROOT/.venv"
DEPS_STAMP="$VENV/.gridapp-deps.sha256"

_say() { printf '[setup] %s\n' "$*" >&2; }
_die() { printf '[setup] 错误 / error: %s\n' "$*" >&2; return 1; }

# --- apt -----------------------------------------------------------------------------------

# Prints the command prefix able to run apt-get ("" for root, "sudo" for password-less sudo);
# returns 1 when packages cannot be installed by this script.
_apt_prefix() {
    [[ "${GRIDAPP_NO_APT:-}" == 1 ]] && return 1
    command -v apt-get >/dev/null 2>&1 || return 1
    if [[ "$(id -u)" == 0 ]]; then
        printf ''
    elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
        printf 'sudo'
    else
        return 1
    fi
}

_apt_lists_present() {
    compgen -G '/var/lib/apt/lists/*_Packages*' >/dev/null
}

# apt_ensure PKG... — install the given packages or print how to and fail.
apt_ensure() {
    local pkgs=("$@") prefix
    ((${#pkgs[@]})) || return 0
    if ! prefix="$(_apt_prefix)"; then
        local sudo_hint=""
        [[ "$(id -u)" == 0 ]] || sudo_hint="sudo "
        printf '\n缺少系统软件包，请先安装后重新运行 / Missing system packages; install them and re-run:\n\n' >&2
        printf '    %sapt-get install -y %s\n\n' "$sudo_hint" "${pkgs[*]}" >&2
        return 1
    fi
    _say "安装系统软件包 / installing: ${pkgs[*]}"
    if ! _apt_lists_present; then
        $prefix env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
    fi
    if ! $prefix env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2; then
        _say "apt-get install failed; refreshing package lists and retrying"
        $prefix env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2 || true
        $prefix env DEBIAN_FRONTEND=noninteractive \
            apt-get install -y -q --no-install-recommends "${pkgs[@]}" >&2 ||
            _die "apt-get install ${pkgs[*]} failed" || return 1
    fi
}

_pretend_missing() {
    [[ " ${GRIDAPP_PRETEND_MISSING:-} " == *" $1 "* ]]
}

# --- Python and the venv -------------------------------------------------------------------

_ensure_python() {
    local py="${PYTHON:-python3}"
    command -v "$py" >/dev/null 2>&1 || _die "找不到 $py（需要 Python ≥ 3.11）/ $py not found (need Python >= 3.11)" || return 1
    "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))' ||
        _die "需要 Python ≥ 3.11 / Python >= 3.11 required, found $("$py" -V 2>&1)" || return 1
    # Debian ships venv/ensurepip separately (python3-venv).
    if _pretend_missing python3-venv || ! "$py" -c 'import venv, ensurepip' 2>/dev/null; then
        apt_ensure python3-venv || return 1
    fi
}

_ensure_venv() {
    local py="${PYTHON:-python3}"
    if [[ -x "$VENV/bin/python" ]] && "$VENV/bin/python" -c 'import sys' 2>/dev/null; then
        return 0
    fi
    [[ -e "$VENV" ]] && { _say "重建损坏的虚拟环境 / recreating broken .venv"; rm -rf "$VENV"; }
    _say "创建虚拟环境 / creating .venv"
    "$py" -m venv "$VENV" || _die "python -m venv failed" || return 1
}

_deps_hash() {
    { cat "$GRIDAPP_ROOT/pyproject.toml"; "$VENV/bin/python" -VV; } | sha256sum | cut -d' ' -f1
}

# Reinstalls only when pyproject.toml (or the venv's Python) changed since the last success.
_ensure_deps() {
    local want
    want="$(_deps_hash)"
    if [[ -f "$DEPS_STAMP" && "$(cat "$DEPS_STAMP")" == "$want" && -x "$VENV/bin/gridapp" ]]; then
        return 0
    fi
    _say "安装 Python 依赖 / installing Python dependencies (pip install -e '.[dev,hq]')"
    rm -f "$DEPS_STAMP"
    (cd "$GRIDAPP_ROOT" && "$VENV/bin/python" -m pip install -q -e '.[dev,hq]' >&2) ||
        _die "pip install -e '.[dev,hq]' failed" || return 1
    printf '%s\n' "$want" >"$DEPS_STAMP"
}

# --- system libraries Qt needs ---------------------------------------------------------------

# Debian 12 package providing each shared library the PySide6 wheels link against.
declare -A _SONAME_PKG=(
    [libEGL.so.1]=libegl1 [libGL.so.1]=libgl1 [libGLX.so.0]=libglx0 [libOpenGL.so.0]=libopengl0
    [libGLdispatch.so.0]=libglvnd0 [libX11.so.6]=libx11-6 [libX11-xcb.so.1]=libx11-xcb1
    [libXau.so.6]=libxau6 [libXdmcp.so.6]=libxdmcp6 [libxkbcommon.so.0]=libxkbcommon0
    [libxkbcommon-x11.so.0]=libxkbcommon-x11-0 [libfontconfig.so.1]=libfontconfig1
    [libfreetype.so.6]=libfreetype6 [libpng16.so.16]=libpng16-16 [libdbus-1.so.3]=libdbus-1-3
    [libglib-2.0.so.0]=libglib2.0-0 [libgthread-2.0.so.0]=libglib2.0-0
    [libgobject-2.0.so.0]=libglib2.0-0 [libexpat.so.1]=libexpat1 [libbrotlidec.so.1]=libbrotli1
    [libbrotlicommon.so.1]=libbrotli1 [libbsd.so.0]=libbsd0 [libmd.so.0]=libmd0
    [libpcre2-8.so.0]=libpcre2-8-0 [libz.so.1]=zlib1g [libzstd.so.1]=libzstd1
    [liblz4.so.1]=liblz4-1 [liblzma.so.5]=liblzma5 [libsystemd.so.0]=libsystemd0
    [libcap.so.2]=libcap2 [libgcrypt.so.20]=libgcrypt20 [libgpg-error.so.0]=libgpg-error0
    [libstdc++.so.6]=libstdc++6 [libgcc_s.so.1]=libgcc-s1
    [libxcb.so.1]=libxcb1 [libxcb-cursor.so.0]=libxcb-cursor0 [libxcb-glx.so.0]=libxcb-glx0
    [libxcb-icccm.so.4]=libxcb-icccm4 [libxcb-image.so.0]=libxcb-image0
    [libxcb-keysyms.so.1]=libxcb-keysyms1 [libxcb-randr.so.0]=libxcb-randr0
    [libxcb-render.so.0]=libxcb-render0 [libxcb-render-util.so.0]=libxcb-render-util0
    [libxcb-shape.so.0]=libxcb-shape0 [libxcb-shm.so.0]=libxcb-shm0 [libxcb-sync.so.1]=libxcb-sync1
    [libxcb-util.so.1]=libxcb-util1 [libxcb-xfixes.so.0]=libxcb-xfixes0
    [libxcb-xinerama.so.0]=libxcb-xinerama0 [libxcb-xinput.so.0]=libxcb-xinput0
    [libxcb-xkb.so.1]=libxcb-xkb1 [libwayland-client.so.0]=libwayland-client0
    [libwayland-cursor.so.0]=libwayland-cursor0 [libwayland-egl.so.1]=libwayland-egl1
    [libffi.so.8]=libffi8
)

# The Qt binaries a profile loads; `ldd` on them lists the system libraries that are missing.
_qt_binaries() {
    local qt
    qt="$("$VENV/bin/python" -c 'import PySide6, os; print(os.path.dirname(PySide6.__file__))')" || return 1
    printf '%s\n' "$qt"/QtCore.abi3.so "$qt"/QtGui.abi3.so "$qt"/QtWidgets.abi3.so \
        "$qt"/Qt/plugins/platforms/libqoffscreen.so
    compgen -G "$qt/Qt/plugins/imageformats/*.so" || true
    if [[ "$1" == desktop ]]; then
        printf '%s\n' "$qt"/Qt/plugins/platforms/libqxcb.so
        compgen -G "$qt/Qt/plugins/xcbglintegrations/*.so" || true
        [[ -n "${WAYLAND_DISPLAY:-}" ]] && printf '%s\n' "$qt"/Qt/plugins/platforms/libqwayland.so
    fi
    return 0
}

# Prints the Debian packages missing for the profile's Qt binaries (one per line).
_missing_qt_packages() {
    local bin so unknown=()
    local -A seen=()
    while read -r bin; do
        [[ -f "$bin" ]] || continue
        while read -r so; do
            [[ -n "${seen[$so]:-}" ]] && continue
            # Qt's own optional modules (e.g. QtPdf for the pdf image plugin) are not apt's job.
            [[ "$so" == libQt6* ]] && continue
            seen[$so]=1
            if [[ -n "${_SONAME_PKG[$so]:-}" ]]; then
                printf '%s\n' "${_SONAME_PKG[$so]}"
            else
                unknown+=("$so")
            fi
        done < <(LC_ALL=C ldd "$bin" 2>/dev/null | awk '/=> not found/ {print $1}')
    done < <(_qt_binaries "$1")
    if ((${#unknown[@]})); then
        _say "Qt 还缺少这些库（用 apt-file search 查找所属软件包）/ Qt also misses: ${unknown[*]}"
        return 1
    fi
}

_ensure_system_packages() {
    local profile="$1" pkg found missing=()
    found="$(_missing_qt_packages "$profile")" || return 1
    [[ -z "$found" ]] || mapfile -t missing <<<"$found"
    if [[ "$profile" == test ]]; then
        local tool
        for tool in pdftotext pdffonts pdftoppm; do
            if ! command -v "$tool" >/dev/null 2>&1; then
                missing+=(poppler-utils)
                break
            fi
        done
    fi
    for pkg in ${GRIDAPP_PRETEND_MISSING:-}; do
        [[ "$pkg" == python3-venv ]] || missing+=("$pkg")
    done
    ((${#missing[@]})) || return 0
    mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
    apt_ensure "${missing[@]}" || return 1
    # Packages named only to exercise this path are not re-checked.
    [[ -n "${GRIDAPP_PRETEND_MISSING:-}" ]] && return 0
    local still
    still="$(_missing_qt_packages "$profile" | sort -u | tr '\n' ' ')"
    [[ -z "${still// /}" ]] || _die "Qt 仍缺少系统库 / still missing after install: $still"
}

# Compile the interface translations (ui/translations/*.ts → .qm) when a source is newer.
_build_translations() {
    local ts qm
    for ts in "$GRIDAPP_ROOT"/ui/translations/*.ts; do
        [[ -e "$ts" ]] || continue
        qm="${ts%.ts}.qm"
        [[ -f "$qm" && "$qm" -nt "$ts" ]] && continue
        "$VENV/bin/pyside6-lrelease" -silent "$ts" -qm "$qm" >&2 ||
            _die "pyside6-lrelease $ts failed" || return 1
    done
}

# bootstrap PROFILE — everything above, in order.
bootstrap() {
    local profile="$1"
    _ensure_python || return 1
    _ensure_venv || return 1
    _ensure_deps || return 1
    _ensure_system_packages "$profile" || return 1
    _build_translations || return 1
}

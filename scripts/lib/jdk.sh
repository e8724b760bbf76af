# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK 25 or newer, or exits with what to install.
java_feature() { # prints the feature release of the java at $1, or nothing
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/{print $2; exit}'
}
find_jdk25() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  for d in /usr/lib/jvm/temurin-25* /usr/lib/jvm/java-25* /usr/lib/jvm/jdk-25* /usr/lib/jvm/*; do
    [ -d "$d" ] && candidates+=("$d")
  done
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  local c v
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] || continue
    v=$(java_feature "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  cat >&2 <<'MSG'
Isthmus needs a JDK 25 or newer and found none (looked at $JAVA_HOME, /usr/lib/jvm/* and java on PATH).
Install one, for example Eclipse Temurin 25 (package temurin-25-jdk from the Adoptium repository) or
Debian's openjdk-25-jdk where your release has it, then run this again (or set JAVA_HOME to it).
MSG
  exit 1
}
find_jdk25

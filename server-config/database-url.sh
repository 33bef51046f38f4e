# Turns DATABASE_URL (postgresql://user:password@host:port/database?sslmode=mode, or postgres://...) into the
# DB_* variables server.xml reads, because Liberty's configuration cannot take a URL apart. server.env runs it
# before the server starts and evaluates what it prints: one "export DB_X='value'" line for each part the URL
# gives. User, password and database name are percent-decoded; an IPv6 host keeps its brackets, as PgJDBC
# needs them. Without DATABASE_URL it prints nothing.
#
# A DB_* variable that is also set must agree with the URL: otherwise, or when the URL cannot be read, it
# prints nothing, explains on standard error which part is wrong (never a password) and exits 2, which stops
# the server start. POSIX sh, sed and printf only: the container image has no more.

set -f

fail() {
    printf 'Bulwark cannot start: %s\n' "$1" >&2
    exit 2
}

# Percent-decodes $1, naming $2 in errors. A literal NUL cannot live in a shell variable, so %00 is refused.
decode() {
    rest=$1
    decoded=
    while :; do
        case $rest in
            *%*) ;;
            *) break ;;
        esac
        decoded=$decoded${rest%%\%*}
        rest=${rest#*%}
        hex=$(printf '%s' "$rest" | sed -n 's/^\([0-9A-Fa-f][0-9A-Fa-f]\).*/\1/p')
        if [ -z "$hex" ]; then
            fail "DATABASE_URL has a % in the $2 that is not followed by two hexadecimal digits (write a literal % as %25)"
        fi
        if [ "$hex" = 00 ]; then
            fail "DATABASE_URL has %00 in the $2: a NUL character cannot be passed on"
        fi
        # printf's \ooo escapes, from the hexadecimal value; a trailing x keeps a decoded newline from being cut.
        decoded=$decoded$(printf "\\$(printf '%03o' "0x$hex")x")
        decoded=${decoded%x}
        rest=${rest#??}
    done
    decoded=$decoded$rest
}

# Prints "export NAME='value'", quoted so that any value survives eval.
emit() {
    quoted=$(printf '%s' "$2" | sed "s/'/'\\\\''/g"; printf x)
    quoted=${quoted%x}
    exports="${exports}export $1='$quoted'
"
}

# Records that the URL gives variable $1 the value $2, after checking that the variable, if set, agrees.
give() {
    eval "current=\${$1:-}"
    if [ -n "$current" ] && [ "$current" != "$2" ]; then
        if [ "$1" = DB_PASSWORD ]; then
            fail "DATABASE_URL and DB_PASSWORD are both set and disagree (the passwords are not shown); set only one of them"
        fi
        fail "DATABASE_URL and $1 are both set and disagree: the URL gives '$2', $1 is '$current'; set only one of them"
    fi
    emit "$1" "$2"
}

url=${DATABASE_URL:-}
if [ -z "$url" ]; then
    exit 0
fi
exports=

case $url in
    postgresql://*) rest=${url#postgresql://} ;;
    postgres://*) rest=${url#postgres://} ;;
    *://*) fail "DATABASE_URL must start with postgresql:// or postgres://, not ${url%%://*}://" ;;
    *) fail "DATABASE_URL must start with postgresql:// or postgres://" ;;
esac
case $rest in
    *'#'*) fail "DATABASE_URL must not have a #fragment" ;;
esac

query=
case $rest in
    *'?'*) query=${rest#*\?}; rest=${rest%%\?*} ;;
esac
case $rest in
    */*) authority=${rest%%/*}; path=${rest#*/} ;;
    *) fail "DATABASE_URL names no database: add /name after the host" ;;
esac

userinfo=
hostport=$authority
case $authority in
    *@*) userinfo=${authority%@*}; hostport=${authority##*@} ;;
esac

case $hostport in
    \[*)
        case $hostport in
            *]*) ;;
            *) fail "DATABASE_URL has an IPv6 host without its closing ]" ;;
        esac
        host=${hostport%%]*}]
        after=${hostport#"$host"}
        case $after in
            '') port= ;;
            :*) port=${after#:} ;;
            *) fail "DATABASE_URL has something other than :port after its IPv6 host" ;;
        esac
        ;;
    *:*) host=${hostport%%:*}; port=${hostport#*:} ;;
    *) host=$hostport; port= ;;
esac
if [ -z "$host" ] || [ "$host" = '[]' ]; then
    fail "DATABASE_URL names no host"
fi
case $host in
    *[!A-Za-z0-9.:_\[\]-]*) fail "DATABASE_URL has a host with characters a host name cannot have" ;;
esac
if [ -n "$port" ] || [ "$hostport" != "${hostport%:}" ]; then
    case $port in
        '' | *[!0-9]*) fail "DATABASE_URL has a port that is not a number" ;;
    esac
    if [ ${#port} -gt 5 ] || [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then
        fail "DATABASE_URL has port $port, outside 1-65535"
    fi
fi

case $path in
    '') fail "DATABASE_URL names no database: add /name after the host" ;;
    */*) fail "DATABASE_URL has a / in its database name (write it as %2F)" ;;
esac
decode "$path" "database name"
database=$decoded

sslmode=
if [ -n "$query" ]; then
    saveIFS=$IFS
    IFS='&'
    for parameter in $query; do
        case $parameter in
            sslmode=*) sslmode=${parameter#sslmode=} ;;
            '') ;;
            *) IFS=$saveIFS; fail "DATABASE_URL parameter '${parameter%%=*}' is not supported: only sslmode is" ;;
        esac
    done
    IFS=$saveIFS
    case $sslmode in
        disable | allow | prefer | require | verify-ca | verify-full) ;;
        *) fail "DATABASE_URL has sslmode '$sslmode': use disable, allow, prefer, require, verify-ca or verify-full" ;;
    esac
fi

give DB_HOST "$host"
if [ -n "$port" ]; then
    give DB_PORT "$port"
fi
give DB_NAME "$database"
if [ -n "$userinfo" ]; then
    case $userinfo in
        *:*) user=${userinfo%%:*}; password=${userinfo#*:}; has_password=yes ;;
        *) user=$userinfo; has_password=no ;;
    esac
    if [ -z "$user" ]; then
        fail "DATABASE_URL has a password but no user name"
    fi
    decode "$user" "user name"
    give DB_USER "$decoded"
    if [ $has_password = yes ]; then
        decode "$password" "password"
        give DB_PASSWORD "$decoded"
    fi
fi
if [ -n "$sslmode" ]; then
    give DB_SSLMODE "$sslmode"
fi

printf '%s' "$exports"

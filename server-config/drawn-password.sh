# Sourced by server.env in a subshell, with the positional parameters VARIABLE KEY_FILE DRAWN_FILE UNKNOWN set;
# UNKNOWN says what becomes of a key file whose password nobody gave: keep or replace.
# Prints the password that protects a key file Liberty generates under resources/security on first start (the
# default keystore key.p12 for HTTPS and Admin Center; ltpa.keys for Admin Center's login tokens). Neither
# has a built-in password, and neither file is in the image: both are made at run time, in the output folder.
#
# - VARIABLE set in the environment: its value. A key file this script drew the password for cannot open with
#   another, and holds nothing but generated keys, so it is removed for Liberty to generate again.
# - not set, no key file yet: a random one, drawn once and kept beside the key file (mode 600), so that every
#   restart opens the same file. Deleting both starts over.
# - not set, a key file made with some other password: with UNKNOWN=replace (the LTPA keys, which hold nothing but
#   generated keys; an older Liberty made them with its built-in password) it is removed and a password drawn, as
#   for a first start; with UNKNOWN=keep (the keystore, which may be the operator's own) nothing, and the reason
#   on standard error; Liberty then says which feature cannot start.
#
# POSIX sh: bin/server runs under /bin/sh. Nothing here prints a password anywhere but to standard output.

variable="$1"
security_dir="${WLP_OUTPUT_DIR:-${WLP_USER_DIR}/servers}/${SERVER_NAME}/resources/security"
key_file="${security_dir}/$2"
drawn_file="${security_dir}/$3"
eval "given=\${${variable}:-}"

if [ -n "${given}" ]; then
    if [ -f "${drawn_file}" ] && [ "$(cat "${drawn_file}")" != "${given}" ]; then
        rm -f "${key_file}" "${drawn_file}"
    fi
    printf '%s' "${given}"
elif [ -s "${drawn_file}" ]; then
    cat "${drawn_file}"
elif [ ! -e "${key_file}" ] || [ "$4" = replace ]; then
    rm -f "${key_file}"
    mkdir -p "${security_dir}" \
        && (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "${drawn_file}") \
        && cat "${drawn_file}"
else
    echo "bulwark: ${key_file} was not made by Bulwark and ${variable} is not set" >&2
fi

# Sourced by server.env in a subshell; prints the password of Liberty's default keystore, which serves HTTPS
# (Admin Center). Liberty creates the keystore, self-signed, on the first start that has a password.
#
# - KEYSTORE_PASSWORD set: that one. A keystore this script drew the password for cannot open with another, and
#   holds nothing but a generated certificate, so it is removed for Liberty to create again.
# - not set, no keystore yet: a random one, drawn once and kept beside the keystore (mode 600), so that every
#   restart opens the same keystore. Deleting both files starts over.
# - not set, a keystore made with some other password: nothing; Liberty serves HTTP only and says why.
#
# POSIX sh: bin/server runs under /bin/sh. Nothing here prints a password anywhere but to standard output.

keystore_dir="${WLP_OUTPUT_DIR:-${WLP_USER_DIR}/servers}/${SERVER_NAME}/resources/security"
keystore_file="${keystore_dir}/key.p12"
drawn_file="${keystore_dir}/keystore.password"

if [ -n "${KEYSTORE_PASSWORD}" ]; then
    if [ -f "${drawn_file}" ] && [ "$(cat "${drawn_file}")" != "${KEYSTORE_PASSWORD}" ]; then
        rm -f "${keystore_file}" "${drawn_file}"
    fi
    printf '%s' "${KEYSTORE_PASSWORD}"
elif [ -s "${drawn_file}" ]; then
    cat "${drawn_file}"
elif [ ! -e "${keystore_file}" ]; then
    mkdir -p "${keystore_dir}" \
        && (umask 077 && od -An -N24 -tx1 /dev/urandom | tr -d ' \n' > "${drawn_file}") \
        && cat "${drawn_file}"
else
    echo "bulwark: ${keystore_file} was not made by Bulwark and KEYSTORE_PASSWORD is not set: HTTPS stays off" >&2
fi

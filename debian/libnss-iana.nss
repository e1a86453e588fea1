# SPDX-License-Identifier: LGPL-2.1-or-later
# debian/libnss-iana.nss: iana answers services and protocols before files; dh_installnss adds it on install, removes it on remove and purge.
services before=files iana
protocols before=files iana

/** CLI test support: a module that fails while it loads. */
throw new Error('the config is missing DATABASE_URL');
